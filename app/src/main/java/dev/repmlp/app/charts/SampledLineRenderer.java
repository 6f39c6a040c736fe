package dev.repmlp.app.charts;

import java.awt.BasicStroke;
import java.awt.Paint;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.LegendItem;
import org.jfree.chart.renderer.xy.SamplingXYLineRenderer;

/**
 * JFreeChart's sampling line renderer (one segment per pixel column, so a curve of 100,000 steps
 * draws as fast as one of 1,000) with a legend entry that shows a short line in the series' colour;
 * the stock renderer's entry has no visible swatch.
 */
final class SampledLineRenderer extends SamplingXYLineRenderer {
    private static final long serialVersionUID = 1L;

    @Override
    public LegendItem getLegendItem(int datasetIndex, int series) {
        LegendItem stock = super.getLegendItem(datasetIndex, series);
        if (stock == null) {
            return null;
        }
        Paint paint = lookupSeriesPaint(series);
        LegendItem item =
                new LegendItem(
                        stock.getLabel(),
                        stock.getDescription(),
                        stock.getToolTipText(),
                        stock.getURLText(),
                        false,
                        new Rectangle2D.Double(-7, -1, 14, 2),
                        false,
                        paint,
                        false,
                        paint,
                        new BasicStroke(1f),
                        true,
                        new Line2D.Double(-8, 0, 8, 0),
                        new BasicStroke(3f),
                        paint);
        item.setDataset(stock.getDataset());
        item.setDatasetIndex(stock.getDatasetIndex());
        item.setSeriesKey(stock.getSeriesKey());
        item.setSeriesIndex(stock.getSeriesIndex());
        item.setLabelFont(stock.getLabelFont());
        item.setLabelPaint(stock.getLabelPaint());
        return item;
    }
}
