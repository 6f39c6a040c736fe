/**
 * Background work for the GUI: a {@link dev.repmlp.app.concurrent.JobRunner} runs named jobs off
 * the FX thread (or on the calling thread in tests) and a {@link
 * dev.repmlp.app.concurrent.JobsViewModel} lists the jobs that are running, for the status bar.
 */
package dev.repmlp.app.concurrent;
