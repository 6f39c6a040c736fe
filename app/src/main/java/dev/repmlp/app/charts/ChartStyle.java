package dev.repmlp.app.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/** The workbench look for JFreeChart: white plots, light grid, the app's accent colours. */
public final class ChartStyle {
    /** Series colours: indigo, amber, green, red, cyan, pink, slate, violet. */
    public static final List<Color> PALETTE =
            List.of(
                    new Color(0x4f46e5),
                    new Color(0xf59e0b),
                    new Color(0x16a34a),
                    new Color(0xdc2626),
                    new Color(0x0891b2),
                    new Color(0xdb2777),
                    new Color(0x475569),
                    new Color(0x7c3aed));

    static final Color TEXT = new Color(0x1f2430);
    static final Color MUTED = new Color(0x6b7280);
    static final Color GRID = new Color(0xe3e5ea);
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    static final BasicStroke LINE = new BasicStroke(1.8f);
    static final BasicStroke THIN = new BasicStroke(1.0f);

    private ChartStyle() {}

    /** The colour of palette entry {@code index} (wrapping), with {@code alpha} 0..255. */
    public static Color colour(int index, int alpha) {
        Color c = PALETTE.get(Math.floorMod(index, PALETTE.size()));
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    static void apply(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setBorderVisible(false);
        chart.setPadding(new RectangleInsets(4, 4, 4, 8));
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE_FONT);
            chart.getTitle().setPaint(TEXT);
            chart.getTitle().setPosition(RectangleEdge.TOP);
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setFrame(BlockBorder.NONE);
            legend.setItemFont(LABEL_FONT);
            legend.setItemPaint(TEXT);
            legend.setBackgroundPaint(Color.WHITE);
            legend.setPosition(RectangleEdge.BOTTOM);
        }
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(THIN);
        plot.setRangeGridlineStroke(THIN);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        plot.setNoDataMessageFont(LABEL_FONT);
        plot.setNoDataMessagePaint(MUTED);
        axis(plot.getDomainAxis());
        axis(plot.getRangeAxis());
    }

    private static void axis(ValueAxis axis) {
        axis.setLabelFont(LABEL_FONT);
        axis.setLabelPaint(MUTED);
        axis.setTickLabelFont(TICK_FONT);
        axis.setTickLabelPaint(MUTED);
        axis.setAxisLinePaint(GRID);
        axis.setTickMarkPaint(GRID);
    }
}
