package dev.repmlp.app.charts;

/**
 * What the charts plot of one epoch.
 *
 * @param epoch the epoch, counting from 1
 * @param valTop1 validation top-1 in percent (NaN when not validated)
 * @param valTop5 validation top-5 in percent (NaN when not validated)
 */
public record EpochPoint(double epoch, double valTop1, double valTop5) {}
