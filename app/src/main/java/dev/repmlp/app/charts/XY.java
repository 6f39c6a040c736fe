package dev.repmlp.app.charts;

/** One point of a {@link Curve}. */
public record XY(double x, double y) {}
