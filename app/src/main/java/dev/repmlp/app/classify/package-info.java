/** Classify: top-k predictions of a trained model for an image. */
package dev.repmlp.app.classify;
