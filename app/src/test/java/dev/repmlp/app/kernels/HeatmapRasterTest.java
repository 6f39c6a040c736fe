package dev.repmlp.app.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HeatmapRasterTest {
    private final DivergingScale scale = DivergingScale.symmetric(1);

    @Test
    void fewCellsBecomeBlocksOfPixels() {
        float[] m = {1, -1, 0.5f, 0};
        int[] px = HeatmapRaster.render(m, Viewport.full(2), 4, scale);
        assertEquals(scale.argb(1), px[0]);
        assertEquals(scale.argb(1), px[1 * 4 + 1]);
        assertEquals(scale.argb(-1), px[0 * 4 + 3]);
        assertEquals(scale.argb(0.5), px[3 * 4 + 0]);
        assertEquals(scale.argb(0), px[3 * 4 + 3]);
    }

    @Test
    void manyCellsArePooledKeepingTheLargestMagnitudeWithItsSign() {
        int n = 8;
        float[] m = new float[n * n];
        m[1 * n + 2] = 0.3f;
        m[2 * n + 1] = -0.9f; // same 4x4 block as the 0.3, larger magnitude
        m[7 * n + 7] = 0.6f;
        int[] px = HeatmapRaster.render(m, Viewport.full(n), 2, scale);
        assertEquals(scale.argb(-0.9), px[0]);
        assertEquals(scale.argb(0), px[1]);
        assertEquals(scale.argb(0.6), px[3]);
    }

    @Test
    void viewportSelectsTheCells() {
        float[] m = new float[16];
        m[2 * 4 + 3] = 1;
        int[] px = HeatmapRaster.render(m, new Viewport(4, 2, 2, 2), 2, scale);
        assertEquals(scale.argb(1), px[1]);
        assertEquals(scale.argb(0), px[0]);
    }

    @Test
    void rowIsDrawnAsItsWindow() {
        // 2x3 window, row 4 = output (1, 1)
        float[] m = new float[36];
        m[4 * 6 + 5] = 1; // input (1, 2)
        int[] px = HeatmapRaster.renderRow(m, 4, 2, 3, 6, 4, scale);
        assertEquals(scale.argb(1), px[2 * 6 + 4]);
        assertEquals(scale.argb(0), px[0]);
    }

    @Test
    void aT256SizedMatrixDrawsQuickly() {
        // RepMLPNet-T256 stage 0: a 64x64 window, fc3 of 4096 x 4096
        int n = 4096;
        float[] m = new float[n * n];
        Random r = new Random(1);
        for (int i = 0; i < m.length; i += 97) {
            m[i] = (float) r.nextGaussian();
        }
        m[4095 * n + 4095] = -7;
        long start = System.nanoTime();
        int[] px = HeatmapRaster.render(m, Viewport.full(n), 256, DivergingScale.symmetric(7));
        double ms = (System.nanoTime() - start) / 1e6;
        assertEquals(DivergingScale.symmetric(7).argb(-7), px[256 * 256 - 1]);
        assertTrue(ms < 3000, "drawing took " + ms + " ms");
    }
}
