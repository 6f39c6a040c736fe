package dev.repmlp.engine.data.augment;

import dev.repmlp.engine.data.RgbImage;
import java.util.Arrays;
import java.util.Random;

/** Small hand-made test images. */
final class Images {
    private Images() {}

    /** Every channel of every pixel is {@code v}. */
    static RgbImage flat(int w, int h, int v) {
        byte[] rgb = new byte[3 * w * h];
        Arrays.fill(rgb, (byte) v);
        return new RgbImage(w, h, rgb);
    }

    /** Uniform random bytes. */
    static RgbImage random(int w, int h, long seed) {
        byte[] rgb = new byte[3 * w * h];
        new Random(seed).nextBytes(rgb);
        return new RgbImage(w, h, rgb);
    }

    /** Pixel (x, y) is (x, y, 10 x + y + 1): every pixel distinct, position readable. */
    static RgbImage coordinates(int w, int h) {
        byte[] rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = 3 * (y * w + x);
                rgb[o] = (byte) x;
                rgb[o + 1] = (byte) y;
                rgb[o + 2] = (byte) (10 * x + y + 1);
            }
        }
        return new RgbImage(w, h, rgb);
    }

    static int[] pixel(RgbImage img, int x, int y) {
        return new int[] {img.get(x, y, 0), img.get(x, y, 1), img.get(x, y, 2)};
    }
}
