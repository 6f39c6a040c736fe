/**
 * What the Train and the Runs pages share about runs, so that neither page depends on the other:
 * the {@link dev.repmlp.app.tracking.RunsFolder} that holds the run directories and {@link
 * dev.repmlp.app.tracking.MetricPoints}, the engine's metrics records as chart points.
 */
package dev.repmlp.app.tracking;
