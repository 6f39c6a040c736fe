package dev.repmlp.app.kernels;

import dev.repmlp.engine.inspect.KernelSlice;

/**
 * A slice of the kernels page and its colour scale, symmetric over the largest |value| of all its
 * matrices, so the four heatmaps and the kernel images share one scale.
 */
record SliceData(KernelSlice slice, DivergingScale scale) {
    static SliceData of(KernelSlice s) {
        return new SliceData(
                s,
                DivergingScale.symmetric(
                        DivergingScale.maxAbs(
                                s.fused(), s.locality(), s.injected(), s.difference())));
    }

    /** The matrix a heatmap of {@code kind} shows; null when the slice lacks it (deploy-time). */
    float[] matrix(MatrixKind kind) {
        return slice.matrix(
                switch (kind) {
                    case BEFORE -> KernelSlice.Part.FUSED;
                    case LOCALITY -> KernelSlice.Part.LOCALITY;
                    case AFTER -> KernelSlice.Part.INJECTED;
                    case DIFFERENCE -> KernelSlice.Part.DIFFERENCE;
                });
    }
}
