package dev.repmlp.engine.reparam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.Map;

/**
 * Structural re-parameterisation, named after upstream ({@code repmlpnet.py}): {@code fuse_bn}
 * (fold an eval-mode BatchNorm into the layer before it), the conv-to-FC conversion ({@link
 * ConvToFc}) and what {@code local_inject} computes, {@code get_equivalent_fc3}. The RepMLP block,
 * the fused deploy form and the kernel views all fold through here, so the formulas exist once.
 */
public final class Reparam {
    private Reparam() {}

    /**
     * An eval-mode BatchNorm as a per-channel affine map {@code y = scale * x + shift}.
     *
     * @param scale gamma / sqrt(var + eps), [C]
     * @param shift beta - mean * gamma / sqrt(var + eps), [C]
     */
    public record Affine(float[] scale, float[] shift) {}

    /**
     * A conv branch of the local perceptron: a depthwise kernel and the BatchNorm after it.
     *
     * @param weight [S, 1, k, k] kernel
     * @param bn the branch's BatchNorm (S channels)
     */
    public record ConvBranch(NDArray weight, BnStats bn) {}

    /**
     * BN folding (upstream {@code fuse_bn}), in float32 as upstream: scale = gamma / sqrt(var +
     * eps), shift = beta - mean * gamma / sqrt(var + eps), per channel.
     */
    public static Affine fuseBn(BnStats bn) {
        int c = bn.channels();
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int i = 0; i < c; i++) {
            float std = (float) Math.sqrt(bn.var()[i] + bn.eps());
            scale[i] = bn.gamma()[i] / std;
            shift[i] = bn.beta()[i] - bn.mean()[i] * bn.gamma()[i] / std;
        }
        return new Affine(scale, shift);
    }

    /**
     * Upstream {@code fuse_bn(conv_or_fc, bn)}: {@code weight} [C*repeat, ...] scaled per output
     * row by the BN's scale, and the bias [C*repeat], each BN value repeated {@code repeat} times
     * (fc3 has h*w rows per shareset). Both on {@code weight}'s manager.
     *
     * @return {weight, bias}
     */
    public static NDArray[] fuseBn(NDArray weight, BnStats bn, int repeat) {
        Affine a = fuseBn(bn);
        NDManager m = weight.getManager();
        NDArray t = m.create(a.scale()).toDevice(weight.getDevice(), false).reshape(-1, 1, 1, 1);
        NDArray b = m.create(a.shift()).toDevice(weight.getDevice(), false);
        if (repeat > 1) {
            t = t.repeat(0, repeat);
            b = b.repeat(0, repeat);
        }
        return new NDArray[] {weight.mul(t), b};
    }

    /**
     * The fc3 equivalent to fc3 + fc3_bn + the conv branches in eval mode (upstream {@code
     * get_equivalent_fc3}, which {@code local_inject} loads): fc3 with fc3_bn fused, plus {@link
     * ConvToFc} of the sum of the BN-fused branch kernels, each zero-padded (centred) to the
     * largest k; the branch biases add to every row of their shareset.
     *
     * @param fc3Weight [S*h*w, h*w, 1, 1]
     * @param fc3Bn fc3_bn (S channels)
     * @param branches the conv branches by kernel size, in the order they are summed (may be empty)
     * @return weight [S*h*w, h*w, 1, 1] and bias [S*h*w], on {@code fc3Weight}'s manager
     */
    public static NDList equivalentFc3(
            NDArray fc3Weight,
            BnStats fc3Bn,
            Map<Integer, ConvBranch> branches,
            int sharesets,
            int h,
            int w) {
        int hw = h * w;
        NDArray[] fused = fuseBn(fc3Weight, fc3Bn, hw);
        NDArray weight = fused[0];
        NDArray bias = fused[1];
        if (!branches.isEmpty()) {
            int kMax = Collections.max(branches.keySet());
            // the largest first, then the others padded to its size
            ConvBranch largest = branches.get(kMax);
            NDArray[] big = fuseBn(largest.weight(), largest.bn(), 1);
            NDArray kernel = big[0];
            NDArray kernelBias = big[1];
            for (Map.Entry<Integer, ConvBranch> e : branches.entrySet()) {
                if (e.getKey() == kMax) {
                    continue;
                }
                NDArray[] small = fuseBn(e.getValue().weight(), e.getValue().bn(), 1);
                kernel = kernel.add(padKernel(small[0], e.getKey(), kMax));
                kernelBias = kernelBias.add(small[1]);
            }
            NDArray local = ConvToFc.convert(kernel, sharesets, h, w);
            weight = local.reshape(weight.getShape()).add(weight);
            bias = kernelBias.repeat(0, hw).add(bias);
        }
        return new NDList(weight, bias);
    }

    /** Zero-pads a [S, 1, k, k] kernel to kMax x kMax, centred. */
    public static NDArray padKernel(NDArray kernel, int k, int kMax) {
        int pad = (kMax - k) / 2;
        Shape s = kernel.getShape();
        NDArray out = kernel.getManager().zeros(new Shape(s.get(0), s.get(1), kMax, kMax));
        out.set(new NDIndex(":, :, {}:{}, {}:{}", pad, pad + k, pad, pad + k), kernel);
        return out;
    }
}
