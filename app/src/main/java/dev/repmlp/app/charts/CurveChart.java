package dev.repmlp.app.charts;

import java.awt.BasicStroke;
import java.awt.geom.Ellipse2D;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.layout.StackPane;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.labels.StandardXYToolTipGenerator;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.AbstractXYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A JFreeChart line chart of {@link Curve}s that follows them as they grow: appended points are
 * added to the chart's series and drawn in one repaint per change. The curves shown are {@link
 * #curves()}; each gets its own renderer by its {@link CurveStyle}.
 */
public final class CurveChart extends StackPane {
    private final ObservableList<Curve> curves = FXCollections.observableArrayList();
    private final XYPlot plot;
    private final JFreeChart chart;
    private final List<Shown> shown = new ArrayList<>();

    /**
     * @param title the chart title
     * @param xLabel the x axis label
     * @param yLabel the y axis label
     * @param integerX whether x counts steps or epochs (integer ticks)
     */
    public CurveChart(String title, String xLabel, String yLabel, boolean integerX) {
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        if (integerX) {
            x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        NumberAxis y = new NumberAxis(yLabel);
        y.setAutoRangeIncludesZero(false);
        plot = new XYPlot(null, x, y, null);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setNoDataMessage("No data yet");
        chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        ChartStyle.apply(chart);
        ChartViewer viewer = new ChartViewer(chart);
        viewer.setMinSize(120, 100);
        getChildren().add(viewer);
        getStyleClass().add("curve-chart");
        setMinSize(120, 100);
        curves.addListener((ListChangeListener<Curve>) change -> rebuild());
    }

    /** The curves drawn, in drawing order (later ones on top). */
    public ObservableList<Curve> curves() {
        return curves;
    }

    /** Formats the y axis' tick labels, e.g. scientific notation for learning rates. */
    public void setYFormat(NumberFormat format) {
        ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(format);
    }

    /** Fixes the y axis to [lower, upper] instead of fitting the data. */
    public void setYRange(double lower, double upper) {
        plot.getRangeAxis().setRange(lower, upper);
    }

    /** The message shown while no curve has a point. */
    public void setNoDataMessage(String message) {
        plot.setNoDataMessage(message);
    }

    /** The underlying chart (e.g. for export). */
    public JFreeChart chart() {
        return chart;
    }

    /** Legend names of the series drawn, in order. */
    public List<String> seriesNames() {
        return shown.stream().map(s -> (String) s.series.getKey()).toList();
    }

    /** Points drawn for the curve named {@code name} (0 if not shown). */
    public int itemCount(String name) {
        return shown.stream()
                .filter(s -> s.series.getKey().equals(name))
                .mapToInt(s -> s.series.getItemCount())
                .sum();
    }

    private void rebuild() {
        for (Shown s : shown) {
            s.curve.points().removeListener(s.listener);
        }
        int before = shown.size();
        shown.clear();
        chart.setNotify(false);
        try {
            for (int i = 0; i < curves.size(); i++) {
                Curve curve = curves.get(i);
                XYSeries series = new XYSeries(curve.name(), false, true);
                copy(curve, series);
                plot.setDataset(i, new XYSeriesCollection(series));
                plot.setRenderer(i, renderer(curve));
                Shown s = new Shown(curve, series);
                curve.points().addListener(s.listener);
                shown.add(s);
            }
            for (int i = curves.size(); i < before; i++) {
                plot.setDataset(i, null);
                plot.setRenderer(i, null);
            }
        } finally {
            chart.setNotify(true);
        }
    }

    private static void copy(Curve curve, XYSeries series) {
        series.clear();
        for (XY p : curve.points()) {
            series.add(p.x(), p.y(), false);
        }
        series.fireSeriesChanged();
    }

    private static AbstractXYItemRenderer renderer(Curve curve) {
        AbstractXYItemRenderer r;
        switch (curve.style()) {
            case LINE_AND_MARKERS -> {
                XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, true);
                lines.setSeriesShape(0, new Ellipse2D.Double(-3, -3, 6, 6));
                lines.setSeriesStroke(0, ChartStyle.LINE);
                lines.setSeriesPaint(0, ChartStyle.colour(curve.colour(), 255));
                lines.setDefaultToolTipGenerator(new StandardXYToolTipGenerator());
                r = lines;
            }
            case FAINT_LINE -> {
                r = new SampledLineRenderer();
                r.setSeriesStroke(0, new BasicStroke(1.0f));
                r.setSeriesPaint(0, ChartStyle.colour(curve.colour(), 90));
            }
            default -> {
                r = new SampledLineRenderer();
                r.setSeriesStroke(0, ChartStyle.LINE);
                r.setSeriesPaint(0, ChartStyle.colour(curve.colour(), 255));
            }
        }
        return r;
    }

    /** A curve on show: its chart series and the listener that keeps the series in step. */
    private static final class Shown {
        final Curve curve;
        final XYSeries series;
        final ListChangeListener<XY> listener;

        Shown(Curve curve, XYSeries series) {
            this.curve = Objects.requireNonNull(curve);
            this.series = series;
            this.listener =
                    change -> {
                        boolean onlyAdded = true;
                        List<XY> added = new ArrayList<>();
                        while (change.next()) {
                            if (change.wasRemoved()
                                    || change.wasPermutated()
                                    || change.wasUpdated()) {
                                onlyAdded = false;
                            } else if (change.wasAdded()) {
                                added.addAll(change.getAddedSubList());
                            }
                        }
                        if (!onlyAdded) {
                            copy(curve, series);
                            return;
                        }
                        for (XY p : added) {
                            series.add(p.x(), p.y(), false);
                        }
                        if (!added.isEmpty()) {
                            series.fireSeriesChanged();
                        }
                    };
        }
    }
}
