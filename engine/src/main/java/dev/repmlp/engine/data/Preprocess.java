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

    /** {@code ToTensor} + {@code Normalize}: CHW floats. */
    public static float[] toTensor(RgbImage img, float[] mean, float[] std) {
        int hw = img.width() * img.height();
        float[] out = new float[3 * hw];
        byte[] rgb = img.rgb();
        for (int i = 0; i < hw; i++) {
            for (int c = 0; c < 3; c++) {
                out[c * hw + i] = ((rgb[3 * i + c] & 0xff) / 255f - mean[c]) / std[c];
            }
        }
        return out;
    }

    /** The whole evaluation transform at resolution {@code res}: CHW floats. */
    public static float[] eval(RgbImage img, int res) {
        return toTensor(centerCrop(resizeShortSide(img, res), res), IMAGENET_MEAN, IMAGENET_STD);
    }
}
