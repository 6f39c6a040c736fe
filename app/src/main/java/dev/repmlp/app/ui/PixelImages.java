package dev.repmlp.app.ui;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * Small RGB images blown up with nearest-neighbour, so each input pixel stays a visible square
 * (what a 32x32 network input really looks like). Safe on any thread.
 */
public final class PixelImages {
    private PixelImages() {}

    /**
     * @param width pixels across
     * @param height pixels down
     * @param rgb interleaved 8-bit r, g, b, row-major
     * @param target the size the long side should reach at most; the scale is a whole number, at
     *     least 1
     */
    public static WritableImage enlarge(int width, int height, byte[] rgb, int target) {
        int scale = Math.max(1, target / Math.max(width, height));
        int w = width * scale;
        int h = height * scale;
        int[] argb = new int[w * h];
        for (int y = 0; y < h; y++) {
            int sy = y / scale;
            for (int x = 0; x < w; x++) {
                int i = 3 * (sy * width + x / scale);
                argb[y * w + x] =
                        0xff000000
                                | (rgb[i] & 0xff) << 16
                                | (rgb[i + 1] & 0xff) << 8
                                | (rgb[i + 2] & 0xff);
            }
        }
        WritableImage image = new WritableImage(w, h);
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return image;
    }
}
