package dev.repmlp.app.evaluate;

import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * A confusion matrix drawn on a canvas: rows are true classes, columns predicted ones, names on
 * both axes (when cells are tall enough to hold text), colour by count or by fraction of the row.
 * Cells shrink with the number of classes down to {@link #MIN_CELL} pixels (1000 classes: scroll);
 * the zoom factor scales them. A click on a cell or a row name reports it.
 */
final class ConfusionHeatmap extends Canvas {
    static final double MIN_CELL = 4;
    static final double MAX_CELL = 44;
    private double area = 400;
    private static final double LABEL_SPACE = 110;

    private ConfusionMatrix matrix;
    private boolean normalised;
    private double zoom = 1;
    private double cell = MAX_CELL;
    private double margin;

    ConfusionHeatmap(BiConsumer<Integer, Integer> onCell, IntConsumer onClass) {
        setId("evaluate-matrix");
        setOnMouseClicked(
                e -> {
                    if (matrix == null) {
                        return;
                    }
                    int col = (int) Math.floor((e.getX() - margin) / cell);
                    int row = (int) Math.floor((e.getY() - margin) / cell);
                    int n = matrix.size();
                    if (row < 0 || row >= n) {
                        return;
                    }
                    if (col >= 0 && col < n) {
                        onCell.accept(row, col);
                    } else if (e.getX() < margin) {
                        onClass.accept(row);
                    }
                });
        // with many classes the cells are too small for names and counts: hovering tells them
        Tooltip tip = new Tooltip();
        setOnMouseMoved(
                e -> {
                    int[] at = cellAt(e.getX(), e.getY());
                    if (at == null) {
                        Tooltip.uninstall(this, tip);
                        return;
                    }
                    String text = matrix.describe(at[0], at[1]);
                    if (!text.equals(tip.getText())) {
                        tip.setText(text);
                    }
                    Tooltip.install(this, tip);
                });
    }

    /** The (row, col) of the cell under canvas point (x, y), or null outside the matrix. */
    int[] cellAt(double x, double y) {
        if (matrix == null) {
            return null;
        }
        int col = (int) Math.floor((x - margin) / cell);
        int row = (int) Math.floor((y - margin) / cell);
        int n = matrix.size();
        return row >= 0 && row < n && col >= 0 && col < n && x >= margin && y >= margin
                ? new int[] {row, col}
                : null;
    }

    void show(ConfusionMatrix m, boolean rowNormalised) {
        this.matrix = m;
        this.normalised = rowNormalised;
        redraw();
    }

    /**
     * The room the matrix may fill at zoom 1 (the viewport's smaller side): cells are sized so it
     * fits, within [{@link #MIN_CELL}, {@link #MAX_CELL}].
     */
    void setAvailable(double pixels) {
        double a = Math.max(100, pixels - LABEL_SPACE - 16);
        if (Math.abs(a - area) >= 1) {
            area = a;
            redraw();
        }
    }

    void setZoom(double zoom) {
        this.zoom = zoom;
        redraw();
    }

    /** The centre of cell (row, col) in this canvas's coordinates. */
    double[] cellCentre(int row, int col) {
        return new double[] {margin + (col + 0.5) * cell, margin + (row + 0.5) * cell};
    }

    private void redraw() {
        GraphicsContext g = getGraphicsContext2D();
        if (matrix == null) {
            setWidth(0);
            setHeight(0);
            return;
        }
        int n = matrix.size();
        cell = Math.max(MIN_CELL, Math.min(MAX_CELL, area / n)) * zoom;
        boolean labels = cell >= 9;
        margin = labels ? LABEL_SPACE : 8;
        double size = margin + n * cell + 8;
        setWidth(size);
        setHeight(size);
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, size, size);
        long max = Math.max(1, matrix.max());
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v =
                        normalised ? matrix.rowFraction(i, j) : (double) matrix.count(i, j) / max;
                g.setFill(colour(v, i == j));
                g.fillRect(margin + j * cell, margin + i * cell, cell, cell);
                if (cell >= 24 && matrix.count(i, j) > 0) {
                    g.setFill(v > 0.55 ? Color.WHITE : Color.rgb(30, 30, 30));
                    g.setFont(Font.font(Math.min(12, cell / 3)));
                    g.setTextAlign(TextAlignment.CENTER);
                    g.setTextBaseline(VPos.CENTER);
                    String text =
                            normalised
                                    ? String.format(
                                            Locale.ROOT, "%.0f", 100 * matrix.rowFraction(i, j))
                                    : Long.toString(matrix.count(i, j));
                    g.fillText(text, margin + (j + 0.5) * cell, margin + (i + 0.5) * cell);
                }
            }
        }
        g.setStroke(Color.rgb(200, 200, 200));
        g.setLineWidth(1);
        g.strokeRect(margin, margin, n * cell, n * cell);
        if (labels) {
            g.setFill(Color.rgb(40, 40, 40));
            g.setFont(Font.font(Math.min(12, cell * 0.8)));
            g.setTextBaseline(VPos.CENTER);
            for (int i = 0; i < n; i++) {
                String name = shorten(matrix.classes().get(i));
                g.setTextAlign(TextAlignment.RIGHT);
                g.fillText(name, margin - 4, margin + (i + 0.5) * cell);
                g.save();
                g.translate(margin + (i + 0.5) * cell, margin - 4);
                g.rotate(-90);
                g.setTextAlign(TextAlignment.LEFT);
                g.fillText(name, 0, 0);
                g.restore();
            }
        }
    }

    private static String shorten(String s) {
        return s.length() <= 16 ? s : s.substring(0, 15) + "…";
    }

    /** White to blue for the diagonal, white to orange elsewhere, so errors stand out. */
    static Color colour(double v, boolean diagonal) {
        double t = Math.max(0, Math.min(1, v));
        if (t == 0) {
            return Color.rgb(250, 250, 250);
        }
        t = 0.12 + 0.88 * Math.sqrt(t);
        return diagonal
                ? Color.WHITE.interpolate(Color.rgb(33, 102, 172), t)
                : Color.WHITE.interpolate(Color.rgb(214, 96, 30), t);
    }
}
