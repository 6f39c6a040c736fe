package dev.repmlp.app.evaluate;

import java.util.List;

/**
 * The counts of an evaluation: [true class][predicted class], as the page shows them.
 *
 * @param classes class names, in index order (both axes)
 * @param counts counts, C x C
 */
public record ConfusionMatrix(List<String> classes, long[][] counts) {

    public ConfusionMatrix {
        classes = List.copyOf(classes);
        if (counts.length != classes.size()) {
            throw new IllegalArgumentException(
                    counts.length + " rows for " + classes.size() + " classes");
        }
    }

    /** Number of classes. */
    public int size() {
        return classes.size();
    }

    /** The count of true class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** Images of true class {@code actual}. */
    public long rowSum(int actual) {
        long s = 0;
        for (long n : counts[actual]) {
            s += n;
        }
        return s;
    }

    /** The cell as a fraction of its row (its true class's images); 0 for an empty row. */
    public double rowFraction(int actual, int predicted) {
        long s = rowSum(actual);
        return s == 0 ? 0 : (double) counts[actual][predicted] / s;
    }

    /**
     * One line for cell (actual, predicted), e.g. {@code "shirt predicted as t-shirt_top: 19 (19.0%
     * of shirt)"}: what hovering the cell tells when the matrix is too small for names and counts.
     */
    public String describe(int actual, int predicted) {
        return String.format(
                java.util.Locale.ROOT,
                "%s predicted as %s: %d (%.1f%% of %s)",
                classes.get(actual),
                classes.get(predicted),
                counts[actual][predicted],
                100 * rowFraction(actual, predicted),
                classes.get(actual));
    }

    /** The largest off-diagonal and diagonal count: the colour scale's top for counts. */
    public long max() {
        long m = 0;
        for (long[] row : counts) {
            for (long n : row) {
                m = Math.max(m, n);
            }
        }
        return m;
    }

    /** The diagonal's sum over all counts (0 when empty): the top-1 as a fraction. */
    public double accuracy() {
        long d = 0;
        long t = 0;
        for (int i = 0; i < counts.length; i++) {
            d += counts[i][i];
            t += rowSum(i);
        }
        return t == 0 ? 0 : (double) d / t;
    }
}
