package dev.repmlp.app.charts;

/** How a {@link CurveChart} draws a curve. */
public enum CurveStyle {
    /** A solid line (fast for many points: one segment per pixel column). */
    LINE,
    /** A thin translucent line, e.g. raw values under their smoothed curve. */
    FAINT_LINE,
    /** A line with a marker at each point, for few points such as one per epoch. */
    LINE_AND_MARKERS
}
