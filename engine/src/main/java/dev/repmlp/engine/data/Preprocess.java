package dev.repmlp.engine.data;

/**
 * Image to tensor transforms of upstream's evaluation (test.py / main_repmlp.py): {@code
 * Resize(res)} (short side to res, bilinear), {@code CenterCrop(res)}, {@code ToTensor()}, {@code
 * Normalize(mean, std)}.
 */
public final class Preprocess {
    private Preprocess() {}

    /** ImageNet channel means (upstream's normalisation). */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};

    /** ImageNet channel standard deviations. */
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    /** torchvision's {@code Resize(size)}: the short side becomes {@code size}. */
    public static RgbImage resizeShortSide(RgbImage img, int size) {
        int w = img.width();
        int h = img.height();
        if ((w <= h && w == size) || (h <= w && h == size)) {
            return img;
        }
        if (w < h) {
            return Resampler.resize(img, size, (int) ((long) size * h / w));
        }
        return Resampler.resize(img, (int) ((long) size * w / h), size);
    }

    /**
     * torchvision's {@code CenterCrop(size)} (the image must be at least that large): {@code top =
     * int(round((h - size) / 2.0))} with Python's {@code round}, which rounds halves to even (66.5
     * gives 66), so {@link Math#rint}, not {@link Math#round}.
     */
    public static RgbImage centerCrop(RgbImage img, int size) {
        int top = (int) Math.rint((img.height() - size) / 2.0);
        int left = (int) Math.rint((img.width() - size) / 2.0);
        return img.crop(left, top, size, size);
    }

    /**
     * {@code ToTensor} + {@code Normalize}: CHW floats, {@code (v / 255 - mean[c]) / std[c]} in
     * single precision as torchvision computes it, read from a 256-entry table per channel (the
     * table holds exactly those values, so the result is the same float for float).
     */
    public static float[] toTensor(RgbImage img, float[] mean, float[] std) {
        int hw = img.width() * img.height();
        float[] out = new float[3 * hw];
        byte[] rgb = img.rgb();
        float[] lr = table(mean[0], std[0]);
        float[] lg = table(mean[1], std[1]);
        float[] lb = table(mean[2], std[2]);
        int hw2 = 2 * hw;
        for (int i = 0, j = 0; i < hw; i++, j += 3) {
            out[i] = lr[rgb[j] & 0xff];
            out[hw + i] = lg[rgb[j + 1] & 0xff];
            out[hw2 + i] = lb[rgb[j + 2] & 0xff];
        }
        return out;
    }

    private static float[] table(float mean, float std) {
        float[] t = new float[256];
        for (int v = 0; v < 256; v++) {
            t[v] = (v / 255f - mean) / std;
        }
        return t;
    }

    /** The whole evaluation transform at resolution {@code res}: CHW floats. */
    public static float[] eval(RgbImage img, int res) {
        return toTensor(resizeCenterCrop(img, res), IMAGENET_MEAN, IMAGENET_STD);
    }

    /**
     * {@code Resize(size)} then {@code CenterCrop(size)} in one pass: the same bytes as {@link
     * #centerCrop}{@code (}{@link #resizeShortSide}{@code (img, size), size)}, without computing
     * the resized pixels the crop drops.
     */
    public static RgbImage resizeCenterCrop(RgbImage img, int size) {
        int w = img.width();
        int h = img.height();
        int outW;
        int outH;
        if ((w <= h && w == size) || (h <= w && h == size)) {
            outW = w;
            outH = h;
        } else if (w < h) {
            outW = size;
            outH = (int) ((long) size * h / w);
        } else {
            outW = (int) ((long) size * w / h);
            outH = size;
        }
        int top = (int) Math.rint((outH - size) / 2.0);
        int left = (int) Math.rint((outW - size) / 2.0);
        return Resampler.resizeRegion(img, 0, 0, w, h, outW, outH, left, top, size, size);
    }
}
