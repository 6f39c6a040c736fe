package dev.repmlp.engine.inspect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.Npy;
import dev.repmlp.engine.model.BatchNorm2d;
import dev.repmlp.engine.model.ConvBn;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpBlock;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetUnit;
import dev.repmlp.engine.reparam.ConvToFc;
import dev.repmlp.engine.reparam.Reparam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Locality injection (upstream {@code RepMLPBlock.local_inject}) taken apart for inspection: the
 * fc3 of one shareset with its BatchNorm folded in, the matrix the conv branches add, and the
 * result, as plain arrays ({@link KernelSlice}); plus the train-vs-deploy error of every block.
 *
 * <p>The slice is computed on the host from the parameter values, independently of {@link
 * RepMlpBlock#equivalentFc3}, with the same float operations, so the two agree to rounding. It only
 * copies parameter values out (no native arrays are created), so it may run while another thread
 * checks the equivalence of the same net, which takes long for large nets (tens of seconds for
 * RepMLPNet-T256 on a laptop CPU). Equivalence checks of the same net are serialised on it (they
 * temporarily re-attach its parameter arrays).
 */
public final class KernelViews {
    private KernelViews() {}

    /** The RepMLP blocks of {@code net}, stage-major. */
    public static List<BlockShape> blocks(RepMlpNet net) {
        List<BlockShape> out = new ArrayList<>();
        List<List<RepMlpNetUnit>> stages = net.stages();
        for (int i = 0; i < stages.size(); i++) {
            for (int j = 0; j < stages.get(i).size(); j++) {
                RepMlpBlock b = stages.get(i).get(j).block();
                out.add(
                        new BlockShape(
                                i,
                                j,
                                b.channels(),
                                b.windowH(),
                                b.windowW(),
                                b.sharesets(),
                                List.copyOf(b.branches().keySet()),
                                b.isDeploy()));
            }
        }
        return out;
    }

    /**
     * The fc3 kernel of shareset {@code shareset} of block {@code block} in stage {@code stage}.
     *
     * @throws IndexOutOfBoundsException naming the valid range when an index is out of range
     */
    public static KernelSlice slice(RepMlpNet net, int stage, int block, int shareset) {
        List<List<RepMlpNetUnit>> stages = net.stages();
        check("stage", stage, stages.size());
        check("block", block, stages.get(stage).size());
        return slice(stages.get(stage).get(block).block(), stage, block, shareset);
    }

    /** The slice of one block; {@code stage} and {@code index} only label it. */
    public static KernelSlice slice(RepMlpBlock b, int stage, int index, int shareset) {
        check("shareset", shareset, b.sharesets());
        int h = b.windowH();
        int w = b.windowW();
        int hw = h * w;
        float[] rows = fc3Rows(b, shareset, hw);
        if (b.isDeploy()) {
            float[] bias = b.fc3Bias().getArray().toFloatArray();
            float[] rowBias = new float[hw];
            System.arraycopy(bias, shareset * hw, rowBias, 0, hw);
            return new KernelSlice(
                    stage, index, shareset, h, w, false, 0, null, null, null, rows, null, null,
                    null, rowBias);
        }
        // fc3_bn folded into fc3 (upstream fuse_bn): scale the rows, one bias per shareset
        float[] scaleBias = fold(b.fc3Bn(), shareset);
        float[] fused = rows; // scaled in place
        for (int i = 0; i < fused.length; i++) {
            fused[i] *= scaleBias[0];
        }
        // conv branches: fold each BN, pad to the largest k, sum (same order as equivalentFc3)
        Map<Integer, ConvBn> branches = b.branches();
        int kMax = branches.isEmpty() ? 0 : Collections.max(branches.keySet());
        float[] kernel = null;
        float kernelBias = 0f;
        float[] locality = new float[hw * hw];
        if (kMax > 0) {
            kernel = foldedKernel(branches.get(kMax), kMax, shareset, kMax);
            kernelBias = fold(branches.get(kMax).bn(), shareset)[1];
            for (Map.Entry<Integer, ConvBn> e : branches.entrySet()) {
                if (e.getKey() == kMax) {
                    continue;
                }
                float[] small = foldedKernel(e.getValue(), e.getKey(), shareset, kMax);
                for (int i = 0; i < kernel.length; i++) {
                    kernel[i] += small[i];
                }
                kernelBias += fold(e.getValue().bn(), shareset)[1];
            }
            locality = ConvToFc.matrix(kernel, 1, kMax, kMax, h, w);
        }
        float[] injected = new float[hw * hw];
        float[] difference = new float[hw * hw];
        for (int i = 0; i < injected.length; i++) {
            injected[i] = locality[i] + fused[i];
            difference[i] = Math.abs(injected[i]) - Math.abs(fused[i]);
        }
        float[] fusedBias = new float[hw];
        float[] localityBias = new float[hw];
        float[] injectedBias = new float[hw];
        for (int p = 0; p < hw; p++) {
            fusedBias[p] = scaleBias[1];
            localityBias[p] = kernelBias;
            injectedBias[p] = kernelBias + scaleBias[1];
        }
        return new KernelSlice(
                stage,
                index,
                shareset,
                h,
                w,
                true,
                kMax,
                kernel,
                fused,
                locality,
                injected,
                difference,
                fusedBias,
                localityBias,
                injectedBias);
    }

    /**
     * Compares every block of the train-time {@code net} with its deploy-time twin in eval mode, on
     * the activations of one N(0, 1) image drawn with {@code seed}; empty when {@code net} is
     * already deploy-time (there is nothing to compare it with).
     */
    public static Optional<EquivalenceReport> equivalence(RepMlpNet net, long seed) {
        synchronized (net) {
            if (net.blocks().stream().anyMatch(RepMlpBlock::isDeploy)) {
                return Optional.empty();
            }
            int c = net.config().inChannels();
            int r = net.config().imageSize();
            int n = 1;
            float[] images = new float[n * c * r * r];
            Random random = new Random(seed);
            for (int i = 0; i < images.length; i++) {
                images[i] = (float) random.nextGaussian();
            }
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.create(images, new Shape(n, c, r, r));
                RepMlpNet deploy = NetState.deployCopy(net, m);
                return Optional.of(EquivalenceReport.compare(net, deploy, x));
            }
        }
    }

    /**
     * Writes the slice's arrays as float32 {@code .npy} files named {@code
     * stage<i>-block<j>-shareset<s>-<part>.npy} into {@code dir}: the four matrices [hw, hw] (see
     * {@link KernelSlice.Part#fileKey()}), the biases [hw] ({@code bias-fused}, {@code
     * bias-locality}, {@code bias-injected}) and the merged kernel [k, k]; parts the slice lacks
     * are skipped.
     *
     * @return the files written, in that order
     */
    public static List<Path> writeNpy(KernelSlice slice, Path dir) throws IOException {
        String prefix =
                "stage"
                        + slice.stage()
                        + "-block"
                        + slice.block()
                        + "-shareset"
                        + slice.shareset()
                        + "-";
        long hw = slice.size();
        List<Path> written = new ArrayList<>();
        for (KernelSlice.Part part : KernelSlice.Part.values()) {
            write(dir, prefix + part.fileKey(), new long[] {hw, hw}, slice.matrix(part), written);
        }
        write(dir, prefix + "bias-fused", new long[] {hw}, slice.fusedBias(), written);
        write(dir, prefix + "bias-locality", new long[] {hw}, slice.localityBias(), written);
        write(dir, prefix + "bias-injected", new long[] {hw}, slice.injectedBias(), written);
        long k = slice.kernelSize();
        write(dir, prefix + "kernel", new long[] {k, k}, slice.kernel(), written);
        return written;
    }

    private static void write(
            Path dir, String name, long[] shape, float[] values, List<Path> written)
            throws IOException {
        if (values == null) {
            return;
        }
        Path file = dir.resolve(name + ".npy");
        Npy.write(file, HostTensor.ofFloats(shape, values));
        written.add(file);
    }

    /**
     * The hw rows of shareset s of fc3's weight, [hw * hw] row-major. Copies the whole weight out
     * (at most one 4096 x 4096 matrix in the released configs) instead of slicing it natively, so
     * that no array is created on the net's managers.
     */
    private static float[] fc3Rows(RepMlpBlock b, int shareset, int hw) {
        float[] all = b.fc3Weight().getArray().toFloatArray();
        if (b.sharesets() == 1) {
            return all;
        }
        float[] rows = new float[hw * hw];
        System.arraycopy(all, shareset * hw * hw, rows, 0, hw * hw);
        return rows;
    }

    /** BN folding ({@link Reparam#fuseBn}) for channel {@code c}: {scale, shift}. */
    private static float[] fold(BatchNorm2d bn, int c) {
        Reparam.Affine a = Reparam.fuseBn(bn.stats());
        return new float[] {a.scale()[c], a.shift()[c]};
    }

    /** The BN-fused k x k kernel of one shareset, zero-padded (centred) to kMax x kMax. */
    private static float[] foldedKernel(ConvBn branch, int k, int shareset, int kMax) {
        float[] all = branch.convWeight().getArray().toFloatArray(); // [S, 1, k, k]
        float scale = fold(branch.bn(), shareset)[0];
        float[] out = new float[kMax * kMax];
        int pad = (kMax - k) / 2;
        for (int y = 0; y < k; y++) {
            for (int x = 0; x < k; x++) {
                out[(y + pad) * kMax + x + pad] = all[(shareset * k + y) * k + x] * scale;
            }
        }
        return out;
    }

    private static void check(String what, int index, int count) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException(
                    what
                            + " "
                            + index
                            + " out of range: the net has "
                            + count
                            + " (0.."
                            + (count - 1)
                            + ")");
        }
    }
}
