package dev.repmlp.engine.inspect;

import java.util.List;

/**
 * What a RepMLP block looks like from the kernel viewer's side: its place in the net, its window,
 * its sharesets and conv branches.
 *
 * @param stage stage index
 * @param block block index within the stage
 * @param channels C
 * @param h window height
 * @param w window width
 * @param sharesets S
 * @param kernelSizes the conv branch sizes (empty when deploy-time or without branches)
 * @param deploy whether the block is in the deploy-time structure
 */
public record BlockShape(
        int stage,
        int block,
        int channels,
        int h,
        int w,
        int sharesets,
        List<Integer> kernelSizes,
        boolean deploy) {

    public BlockShape {
        kernelSizes = List.copyOf(kernelSizes);
    }

    /** hw, the side of each shareset's fc3 matrix. */
    public int size() {
        return h * w;
    }

    /** Upstream's block name, e.g. {@code stages.0.1.repmlp_block}. */
    public String name() {
        return "stages." + stage + "." + block + ".repmlp_block";
    }
}
