package dev.repmlp.engine.inspect;

import java.util.Objects;

/**
 * The fc3 kernel of one shareset of one RepMLP block, before and after locality injection, as plain
 * arrays (row-major {@code hw x hw}, {@code hw = h * w}). Row {@code p} is the output position and
 * column {@code q} the input position inside the window, both row-major ({@code y * w + x}), as in
 * upstream's fc3 weight rows {@code s * hw + p}.
 *
 * <p>For weights in the train-time structure every part is present. A deploy-time file only holds
 * the injected fc3: then {@link #trainTime()} is false and the train-time parts are null.
 *
 * <p>Arrays are shared, not copied: treat them as read-only. Equality is by reference, as for any
 * record with array components.
 *
 * @param stage stage index
 * @param block block index within the stage
 * @param shareset shareset index s
 * @param h window height
 * @param w window width
 * @param trainTime whether the train-time parts are present
 * @param kernelSize the largest conv branch size k (0 without branches or when deploy-time)
 * @param kernel the BN-fused branch kernels of this shareset, zero-padded to k x k and summed
 *     (row-major k x k), or null
 * @param fused fc3 with fc3_bn folded in: {@code W[s*hw+p, q] * gamma_s / sqrt(var_s + eps)}
 * @param locality the matrix the conv branches contribute: {@code ConvToFc} of {@link #kernel}
 * @param injected fc3 after injection; equals {@code fused + locality} and the rows of {@code
 *     RepMlpBlock.equivalentFc3}; for deploy-time weights the stored fc3
 * @param difference {@code |injected| - |fused|}: positive where injection strengthens a weight,
 *     negative where it weakens or flips it (the plain {@code injected - fused} is {@link
 *     #locality})
 * @param fusedBias fc3_bn's bias {@code beta_s - mean_s * gamma_s / sqrt(var_s + eps)} per row
 * @param localityBias the summed BN-fused conv biases per row
 * @param injectedBias the injected fc3's bias per row ({@code fusedBias + localityBias})
 */
public record KernelSlice(
        int stage,
        int block,
        int shareset,
        int h,
        int w,
        boolean trainTime,
        int kernelSize,
        float[] kernel,
        float[] fused,
        float[] locality,
        float[] injected,
        float[] difference,
        float[] fusedBias,
        float[] localityBias,
        float[] injectedBias) {

    /** The four matrices of a slice, in the order the GUI shows them. */
    public enum Part {
        FUSED("fc3-fused"),
        LOCALITY("locality"),
        INJECTED("fc3-injected"),
        DIFFERENCE("difference");

        private final String fileKey;

        Part(String fileKey) {
            this.fileKey = fileKey;
        }

        /** Short name for file names, e.g. {@code fc3-fused}. */
        public String fileKey() {
            return fileKey;
        }
    }

    public KernelSlice {
        Objects.requireNonNull(injected, "injected");
        Objects.requireNonNull(injectedBias, "injectedBias");
        int hw = h * w;
        if (injected.length != hw * hw || injectedBias.length != hw) {
            throw new IllegalArgumentException("injected fc3 must be " + hw + " x " + hw);
        }
        if (trainTime
                && (fused == null
                        || locality == null
                        || difference == null
                        || fusedBias == null
                        || localityBias == null)) {
            throw new IllegalArgumentException("a train-time slice needs every part");
        }
    }

    /** hw, the side of the square matrices. */
    public int size() {
        return h * w;
    }

    /** The matrix of {@code part}, or null when this slice does not have it (deploy-time). */
    public float[] matrix(Part part) {
        return switch (part) {
            case FUSED -> fused;
            case LOCALITY -> locality;
            case INJECTED -> injected;
            case DIFFERENCE -> difference;
        };
    }

    /** Whether {@link #matrix(Part)} is available. */
    public boolean has(Part part) {
        return matrix(part) != null;
    }

    /** Entry (row, column) of {@code part}'s matrix. */
    public float value(Part part, int row, int column) {
        return matrix(part)[row * size() + column];
    }

    /** Upstream's block name, e.g. {@code stages.0.1.repmlp_block}. */
    public String blockName() {
        return "stages." + stage + "." + block + ".repmlp_block";
    }
}
