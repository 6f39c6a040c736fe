/**
 * Background work for the GUI: a {@link dev.repmlp.app.concurrent.JobRunner} runs named jobs off
 * the FX thread (or on the calling thread in tests) and hands their outcome to its UI thread
 * ({@link dev.repmlp.app.concurrent.JobRunner#start}); {@link dev.repmlp.app.concurrent.JobQueue}
 * runs a page's jobs one at a time, {@link dev.repmlp.app.concurrent.JobGroup} side by side with
 * one busy flag, and {@link dev.repmlp.app.concurrent.LatestRequest} drops overtaken answers. A
 * {@link dev.repmlp.app.concurrent.DirectJobRunner} runs view-models without the FX toolkit. {@link
 * dev.repmlp.app.concurrent.JobsViewModel} lists the jobs that are running, for the status bar.
 */
package dev.repmlp.app.concurrent;
