package dev.repmlp.engine.data.augment;

/** Interpolation of Pillow's {@code Image.transform} / {@code Image.rotate}. */
public enum Resample {
    /** {@code Image.BILINEAR}: 2x2 neighbourhood, result truncated to 8 bits. */
    BILINEAR,
    /** {@code Image.BICUBIC}: 4x4 neighbourhood, cubic convolution with a = -1, clipped. */
    BICUBIC
}
