/**
 * Training: configure a RepMLPNet, start a run on an ImageFolder dataset and follow its metrics
 * live.
 */
package dev.repmlp.app.training;
