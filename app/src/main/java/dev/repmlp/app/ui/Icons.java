package dev.repmlp.app.ui;

import javafx.scene.layout.Region;
import javafx.scene.shape.SVGPath;

/**
 * Vector icons drawn for this app on a 24x24 grid. Each becomes a {@link Region} shaped like the
 * icon, so its colour comes from the stylesheet ({@code -fx-background-color}) and follows states
 * such as a selected navigation entry.
 */
public final class Icons {
    /** A play triangle: start a training run. */
    public static final String TRAIN = "M7 4.5 L20 12 L7 19.5 Z";

    /** Three list rows with bullets: the list of runs. */
    public static final String RUNS =
            "M3 5h3v3H3z M8 5h13v3H8z M3 10.5h3v3H3z M8 10.5h13v3H8z M3 16h3v3H3z M8 16h13v3H8z";

    /** A 3x3 grid: a kernel. */
    public static final String KERNELS =
            "M3 3h5v5H3z M9.5 3h5v5h-5z M16 3h5v5h-5z"
                    + " M3 9.5h5v5H3z M9.5 9.5h5v5h-5z M16 9.5h5v5h-5z"
                    + " M3 16h5v5H3z M9.5 16h5v5h-5z M16 16h5v5h-5z";

    /** A 2x2 grid with a tick: a confusion matrix, an evaluation. */
    public static final String EVALUATE =
            "M3 3h8v8H3z M13 3h8v8h-8z M3 13h8v8H3z M13 17.5l1.8-1.8 1.7 1.7 3.7-3.7 1.8 1.8-5.5 5.5z";

    /** Two opposite arrows: training form versus deploy form. */
    public static final String COMPARE = "M3 6h13V2.5l5 5-5 5V9H3z M21 15H8v-3.5l-5 5 5 5V18h13z";

    /** A price tag with a hole: a class label. */
    public static final String CLASSIFY =
            "M3 3h8.5L21 12.5 12.5 21 3 11.5z M9.5 7.5a2 2 0 1 0-4 0a2 2 0 1 0 4 0z";

    private Icons() {}

    /**
     * A square icon region.
     *
     * @param svgPath one of the constants here
     * @param size width and height in pixels
     * @return a region with style class {@code icon}
     */
    public static Region create(String svgPath, double size) {
        SVGPath shape = new SVGPath();
        shape.setContent(svgPath);
        Region icon = new Region();
        icon.setShape(shape);
        icon.setScaleShape(true);
        icon.setMinSize(size, size);
        icon.setPrefSize(size, size);
        icon.setMaxSize(size, size);
        icon.getStyleClass().add("icon");
        return icon;
    }
}
