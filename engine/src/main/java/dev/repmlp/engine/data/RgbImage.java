package dev.repmlp.engine.data;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * An 8-bit RGB image in memory, row-major interleaved (r, g, b per pixel), like a PIL image after
 * {@code convert('RGB')}.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param rgb 3 * width * height bytes (unsigned)
 */
public record RgbImage(int width, int height, byte[] rgb) {

    /**
     * Decodes an image file as PIL's {@code Image.open(f).convert('RGB')} does ({@link
     * ImageDecoder}); any failure is an {@link ImageDecodeException} naming the file.
     */
    public static RgbImage read(Path file) throws ImageDecodeException {
        return ImageDecoder.read(file);
    }

    /**
     * Converts an image already in memory (a pasted or dragged picture) through its colour model to
     * sRGB, alpha dropped. Files go through {@link #read}, which follows PIL's rules instead.
     */
    public static RgbImage of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[3 * w * h];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            rgb[3 * i] = (byte) (p >> 16);
            rgb[3 * i + 1] = (byte) (p >> 8);
            rgb[3 * i + 2] = (byte) p;
        }
        return new RgbImage(w, h, rgb);
    }

    /** Channel value 0..255 at (x, y). */
    public int get(int x, int y, int c) {
        return rgb[3 * (y * width + x) + c] & 0xff;
    }

    /** Back to a BufferedImage (for previews). */
    public BufferedImage toBufferedImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out.setRGB(x, y, (get(x, y, 0) << 16) | (get(x, y, 1) << 8) | get(x, y, 2));
            }
        }
        return out;
    }

    /** The region [x0, x0+w) x [y0, y0+h), which must lie inside the image. */
    public RgbImage crop(int x0, int y0, int w, int h) {
        byte[] out = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(rgb, 3 * ((y0 + y) * width + x0), out, 3 * y * w, 3 * w);
        }
        return new RgbImage(w, h, out);
    }

    /** Mirror image (left-right). */
    public RgbImage flipHorizontal() {
        byte[] out = new byte[rgb.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int src = 3 * (y * width + x);
                int dst = 3 * (y * width + width - 1 - x);
                out[dst] = rgb[src];
                out[dst + 1] = rgb[src + 1];
                out[dst + 2] = rgb[src + 2];
            }
        }
        return new RgbImage(width, height, out);
    }
}
