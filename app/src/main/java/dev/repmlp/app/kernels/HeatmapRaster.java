package dev.repmlp.app.kernels;

import java.util.Arrays;

/**
 * Turns matrices into ARGB pixels through a {@link DivergingScale}, at exactly the size they are
 * shown, so no image scaling blurs the cells. With fewer cells than pixels each cell becomes a
 * block of pixels (nearest cell); with more, each pixel shows the entry of largest magnitude among
 * the cells it covers (max-|value| pooling), so single strong weights never vanish. Pure
 * computation: call it off the FX thread.
 */
public final class HeatmapRaster {
    private HeatmapRaster() {}

    /**
     * Renders the viewport of the row-major {@code size x size} matrix {@code m} into {@code pixels
     * x pixels} ARGB values (row-major).
     */
    public static int[] render(float[] m, Viewport viewport, int pixels, DivergingScale scale) {
        int size = viewport.size();
        if (pixels < 1) {
            throw new IllegalArgumentException("pixels must be positive, got " + pixels);
        }
        if (m.length != size * size) {
            throw new IllegalArgumentException("matrix is not " + size + " x " + size);
        }
        int[] rows = spans(viewport.row0(), viewport.extent(), pixels);
        int[] cols = spans(viewport.col0(), viewport.extent(), pixels);
        int[] out = new int[pixels * pixels];
        float[] best = new float[pixels];
        for (int py = 0; py < pixels; py++) {
            Arrays.fill(best, 0f);
            for (int r = rows[2 * py]; r < rows[2 * py + 1]; r++) {
                int base = r * size;
                for (int px = 0; px < pixels; px++) {
                    float b = best[px];
                    for (int c = cols[2 * px]; c < cols[2 * px + 1]; c++) {
                        float v = m[base + c];
                        if (Math.abs(v) > Math.abs(b)) {
                            b = v;
                        }
                    }
                    best[px] = b;
                }
            }
            for (int px = 0; px < pixels; px++) {
                out[py * pixels + px] = scale.argb(best[px]);
            }
        }
        return out;
    }

    /**
     * Row {@code row} of the {@code size x size} matrix as the h x w image of its window positions
     * ({@code size = h * w}), drawn into {@code width x height} ARGB pixels.
     */
    public static int[] renderRow(
            float[] m, int row, int h, int w, int width, int height, DivergingScale scale) {
        int size = h * w;
        int[] out = new int[width * height];
        for (int py = 0; py < height; py++) {
            int y = (int) ((long) py * h / height);
            for (int px = 0; px < width; px++) {
                int x = (int) ((long) px * w / width);
                out[py * width + px] = scale.argb(m[row * size + y * w + x]);
            }
        }
        return out;
    }

    /**
     * For each of {@code pixels} pixels, the half-open range of the {@code extent} cells from
     * {@code first} it shows, as pairs {start, end}: at least one cell, the cells under it.
     */
    static int[] spans(int first, int extent, int pixels) {
        int[] s = new int[2 * pixels];
        for (int i = 0; i < pixels; i++) {
            int start = (int) ((long) i * extent / pixels);
            int end = (int) ((long) (i + 1) * extent / pixels);
            s[2 * i] = first + start;
            s[2 * i + 1] = first + Math.max(start + 1, end);
        }
        return s;
    }
}
