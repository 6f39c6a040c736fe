package dev.repmlp.engine.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused resize of a region equals the unfused steps (crop, full Pillow resize, crop) byte for
 * byte; the full resize itself is checked against Pillow by {@link PilFidelityTest} and the augment
 * tests.
 */
class ResamplerRegionTest {

    private static RgbImage random(int w, int h, SplittableRandom rnd) {
        byte[] b = new byte[3 * w * h];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return new RgbImage(w, h, b);
    }

    @Test
    void aWindowOfARegionEqualsCropResizeCrop() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int t = 0; t < 300; t++) {
            RgbImage img = random(1 + rnd.nextInt(60), 1 + rnd.nextInt(60), rnd);
            int bw = 1 + rnd.nextInt(img.width());
            int bh = 1 + rnd.nextInt(img.height());
            int bx = rnd.nextInt(img.width() - bw + 1);
            int by = rnd.nextInt(img.height() - bh + 1);
            int ow = 1 + rnd.nextInt(80);
            int oh = t % 5 == 0 ? bh : 1 + rnd.nextInt(80); // some with one pass only
            int cw = 1 + rnd.nextInt(ow);
            int ch = 1 + rnd.nextInt(oh);
            int cx = rnd.nextInt(ow - cw + 1);
            int cy = rnd.nextInt(oh - ch + 1);
            RgbImage want = Resampler.resize(img.crop(bx, by, bw, bh), ow, oh).crop(cx, cy, cw, ch);
            RgbImage got = Resampler.resizeRegion(img, bx, by, bw, bh, ow, oh, cx, cy, cw, ch);
            assertEquals(cw, got.width());
            assertEquals(ch, got.height());
            assertArrayEquals(want.rgb(), got.rgb(), "case " + t);
        }
    }

    @Test
    void resizeCenterCropEqualsResizeThenCenterCrop() {
        SplittableRandom rnd = new SplittableRandom(3);
        int[][] sizes = {{500, 375}, {375, 500}, {224, 300}, {300, 224}, {500, 313}, {257, 256}};
        for (int[] s : sizes) {
            RgbImage img = random(s[0], s[1], rnd);
            for (int res : new int[] {224, 256}) {
                RgbImage want = Preprocess.centerCrop(Preprocess.resizeShortSide(img, res), res);
                assertArrayEquals(
                        want.rgb(),
                        Preprocess.resizeCenterCrop(img, res).rgb(),
                        s[0] + "x" + s[1] + " at " + res);
            }
        }
    }

    @Test
    void aWindowOutsideTheImageIsRefused() {
        RgbImage img = new RgbImage(4, 4, new byte[48]);
        assertThrows(
                IllegalArgumentException.class,
                () -> Resampler.resizeRegion(img, 0, 0, 4, 4, 8, 8, 4, 4, 5, 5));
    }
}
