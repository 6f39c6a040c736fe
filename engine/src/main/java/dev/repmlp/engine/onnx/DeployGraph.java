package dev.repmlp.engine.onnx;

import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.StateDict;
import dev.repmlp.engine.model.RepMlpNetConfig;
import java.util.List;

/**
 * The ONNX graph of a deploy-time (locality-injected) RepMLPNet with the remaining BatchNorms
 * folded, as {@code repmlp bench --mode infer-deploy-fused} runs it: stem and embeds are conv with
 * bias + ReLU, each unit's prebn2 and both FFN BNs are folded into the FFN's 1x1 convs, head_norm
 * into the head (Gemm). prebn1 stays a BatchNormalization (it feeds both the global perceptron and
 * fc3). fc3 is a (batched) MatMul on the partitioned map, with upstream's partition and merge order
 * (spec sections 2-3). GELU is exact: {@code Gelu} from opset 20, {@code 0.5 x (1 + erf(x / sqrt
 * 2))} below.
 *
 * <p>Weights come from a deploy-time state_dict under upstream's keys. BN folding is done in double
 * precision: for y = a x + c with a = gamma / sqrt(var + eps), c = beta - mean a, a conv W followed
 * by BN becomes (a_o W_o, c_o); a 1x1 conv preceded by BN becomes (W_oi a_i, sum_i W_oi c_i); BN,
 * average pooling and Linear fold to (W_oi a_i, b_o + sum_i W_oi c_i).
 */
final class DeployGraph {

    /** BatchNorm2d epsilon (PyTorch's default, as upstream uses everywhere). */
    private static final double EPS = 1e-5;

    private final RepMlpNetConfig config;
    private final StateDict sd;
    private final OnnxGraph g = new OnnxGraph();
    private final int opset;

    private DeployGraph(RepMlpNetConfig config, StateDict sd, int opset) {
        this.config = config;
        this.sd = sd;
        this.opset = opset;
    }

    /**
     * Builds the graph from {@code images} (N x in_channels x R x R, R = config.imageSize()) to
     * {@code logits} (N x num_class).
     *
     * @param deployState deploy-time state_dict (upstream keys), e.g. {@code Weights.export} of a
     *     locality-injected net
     * @throws IllegalArgumentException when a key is missing or has the wrong shape
     */
    static OnnxGraph build(RepMlpNetConfig config, StateDict deployState, int opset) {
        DeployGraph b = new DeployGraph(config, deployState, opset);
        b.build();
        return b.g;
    }

    private void build() {
        String x =
                convBn(
                        "conv_embedding",
                        OnnxExporter.INPUT,
                        null,
                        config.patchH(),
                        config.patchW(),
                        true);
        List<int[]> maps = config.stageMaps();
        for (int i = 0; i < config.numBlocks().size(); i++) {
            for (int j = 0; j < config.numBlocks().get(i); j++) {
                x = unit("stages." + i + "." + j + ".", x, i, maps.get(i));
            }
            if (i < config.numBlocks().size() - 1) {
                x = convBn("embeds." + i, x, null, 2, 2, true);
            }
        }
        head(x);
    }

    private float[] get(String key, long... shape) {
        HostTensor t = sd.get(key);
        if (t == null) {
            throw new IllegalArgumentException(
                    "deploy-time weights lack " + key + ": not a deploy state of this config");
        }
        if (!java.util.Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException(
                    key
                            + " has shape "
                            + t.shapeString()
                            + " but the config needs "
                            + java.util.Arrays.toString(shape));
        }
        return t.toFloatArray();
    }

    private long channelsOf(String convKey) {
        HostTensor t = sd.get(convKey);
        if (t == null) {
            throw new IllegalArgumentException(
                    "deploy-time weights lack " + convKey + ": not a deploy state of this config");
        }
        return t.dim(0);
    }

    /** Eval BN as y = a x + c: {a, c}. */
    private double[][] affine(String prefix, int n) {
        float[] gamma = get(prefix + "weight", n);
        float[] beta = get(prefix + "bias", n);
        float[] mean = get(prefix + "running_mean", n);
        float[] var = get(prefix + "running_var", n);
        double[] a = new double[n];
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = gamma[i] / Math.sqrt(var[i] + EPS);
            c[i] = beta[i] - mean[i] * a[i];
        }
        return new double[][] {a, c};
    }

    /**
     * conv (no bias) + BN (+ ReLU) of upstream's Sequential(conv, bn[, relu]) at {@code prefix},
     * optionally preceded by BN {@code before} (1x1 convs only), as one Conv with bias.
     */
    private String convBn(String prefix, String x, String before, int kh, int kw, boolean relu) {
        String wKey = prefix + ".conv.weight";
        int out = (int) channelsOf(wKey);
        HostTensor wt = sd.get(wKey);
        int in = (int) wt.dim(1);
        float[] w = get(wKey, out, in, kh, kw);
        int kk = kh * kw;
        double[][] post = affine(prefix + ".bn.", out);
        double[][] pre = before == null ? null : affine(before, in);
        float[] fw = new float[w.length];
        float[] fb = new float[out];
        for (int o = 0; o < out; o++) {
            double shift = 0;
            for (int i = 0; i < in; i++) {
                for (int p = 0; p < kk; p++) {
                    double v = w[(o * in + i) * kk + p];
                    if (pre != null) {
                        shift += v * pre[1][i];
                        v *= pre[0][i];
                    }
                    fw[(o * in + i) * kk + p] = (float) (v * post[0][o]);
                }
            }
            fb[o] = (float) (shift * post[0][o] + post[1][o]);
        }
        String wName = g.floats(prefix + ".fused.weight", new long[] {out, in, kh, kw}, fw);
        String bName = g.floats(prefix + ".fused.bias", new long[] {out}, fb);
        String y =
                g.node(
                        "Conv",
                        List.of(x, wName, bName),
                        OnnxGraph.ints("kernel_shape", kh, kw),
                        OnnxGraph.ints("strides", kh, kw),
                        OnnxGraph.ints("pads", 0, 0, 0, 0));
        return relu ? g.node("Relu", List.of(y)) : y;
    }

    private String conv1x1(String x, String weightKey, String biasKey, int out, int in) {
        String w = g.floats(weightKey, new long[] {out, in, 1, 1}, get(weightKey, out, in, 1, 1));
        String b = g.floats(biasKey, new long[] {out}, get(biasKey, out));
        return g.node("Conv", List.of(x, w, b), OnnxGraph.ints("kernel_shape", 1, 1));
    }

    private String unit(String prefix, String x, int stage, int[] map) {
        int c = config.channels().get(stage);
        int h = config.hs().get(stage);
        int w = config.ws().get(stage);
        int s = config.sharesetsNums().get(stage);
        int bigH = map[0];
        int bigW = map[1];
        int hp = bigH / h;
        int wp = bigW / w;
        int hw = h * w;
        String blk = prefix + "repmlp_block.";

        // y = x + block(prebn1(x))
        String bn = prefix + "prebn1.";
        String pre =
                g.node(
                        "BatchNormalization",
                        List.of(
                                x,
                                g.floats(bn + "weight", new long[] {c}, get(bn + "weight", c)),
                                g.floats(bn + "bias", new long[] {c}, get(bn + "bias", c)),
                                g.floats(
                                        bn + "running_mean",
                                        new long[] {c},
                                        get(bn + "running_mean", c)),
                                g.floats(
                                        bn + "running_var",
                                        new long[] {c},
                                        get(bn + "running_var", c))),
                        OnnxGraph.attr("epsilon", (float) EPS));

        // global perceptron: sigmoid(fc2(relu(fc1(mean_HW))))
        int internal = c / config.globalperceptronReduce();
        String v = g.node("GlobalAveragePool", List.of(pre));
        v = conv1x1(v, blk + "gp.fc1.weight", blk + "gp.fc1.bias", internal, c);
        v = g.node("Relu", List.of(v));
        v = conv1x1(v, blk + "gp.fc2.weight", blk + "gp.fc2.bias", c, internal);
        String gate = g.node("Sigmoid", List.of(v));

        // partition to rows (R, S, hw), R = N * windows * C/S
        String rows;
        if (hp == 1 && wp == 1) {
            rows = reshape(pre, -1, s, hw);
        } else {
            String p6 = reshape(pre, -1, c, hp, h, wp, w);
            String t = g.node("Transpose", List.of(p6), OnnxGraph.ints("perm", 0, 2, 4, 1, 3, 5));
            rows = reshape(t, -1, s, hw);
        }

        // fc3: out[r, s, p] = sum_q W[s*hw + p, q] in[r, s, q] + bias[s*hw + p]
        float[] fc3 = get(blk + "fc3.weight", (long) s * hw, hw, 1, 1);
        float[] fc3b = get(blk + "fc3.bias", (long) s * hw);
        float[] wt = new float[fc3.length];
        for (int set = 0; set < s; set++) {
            int base = set * hw * hw;
            for (int p = 0; p < hw; p++) {
                for (int q = 0; q < hw; q++) {
                    wt[base + q * hw + p] = fc3[base + p * hw + q];
                }
            }
        }
        String fcOut;
        if (s == 1) {
            String wName = g.floats(blk + "fc3.weight_t", new long[] {hw, hw}, wt);
            String bName = g.floats(blk + "fc3.bias", new long[] {hw}, fc3b);
            fcOut = g.node("Add", List.of(g.node("MatMul", List.of(rows, wName)), bName));
        } else {
            String wName = g.floats(blk + "fc3.weight_t", new long[] {s, hw, hw}, wt);
            String bName = g.floats(blk + "fc3.bias", new long[] {s, 1, hw}, fc3b);
            String bySet = g.node("Transpose", List.of(rows), OnnxGraph.ints("perm", 1, 0, 2));
            String prod = g.node("Add", List.of(g.node("MatMul", List.of(bySet, wName)), bName));
            fcOut = g.node("Transpose", List.of(prod), OnnxGraph.ints("perm", 1, 0, 2));
        }

        // merge exactly as upstream: re-read as (N*G, hp, wp, S, h, w), permute, reshape
        String merged;
        if (hp == 1 && wp == 1) {
            merged = reshape(fcOut, -1, c, bigH, bigW);
        } else {
            String m6 = reshape(fcOut, -1, hp, wp, s, h, w);
            String t = g.node("Transpose", List.of(m6), OnnxGraph.ints("perm", 0, 3, 1, 4, 2, 5));
            merged = reshape(t, -1, c, bigH, bigW);
        }
        String y = g.node("Add", List.of(x, g.node("Mul", List.of(merged, gate))));

        // z = y + ffn(prebn2(y)), prebn2 and the FFN BNs folded into the convs
        String ffn = prefix + "ffn_block.";
        String hidden = convBn(ffn + "ffn_fc1", y, prefix + "prebn2.", 1, 1, false);
        hidden = gelu(hidden);
        String back = convBn(ffn + "ffn_fc2", hidden, null, 1, 1, false);
        return g.node("Add", List.of(y, back));
    }

    private String reshape(String x, long... shape) {
        String name = "shape_" + java.util.Arrays.toString(shape).replaceAll("[^0-9-]+", "_");
        if (!shapes.contains(name)) {
            shapes.add(name);
            g.int64s(name, shape);
        }
        return g.node("Reshape", List.of(x, name));
    }

    private final java.util.Set<String> shapes = new java.util.HashSet<>();
    private String sqrt2;
    private String one;
    private String half;

    private String gelu(String x) {
        if (opset >= 20) {
            return g.node("Gelu", List.of(x), OnnxGraph.attr("approximate", "none"));
        }
        if (sqrt2 == null) {
            sqrt2 = g.floats("const_sqrt2", new long[0], new float[] {(float) Math.sqrt(2)});
            one = g.floats("const_one", new long[0], new float[] {1f});
            half = g.floats("const_half", new long[0], new float[] {0.5f});
        }
        String erf = g.node("Erf", List.of(g.node("Div", List.of(x, sqrt2))));
        String t = g.node("Mul", List.of(x, g.node("Add", List.of(erf, one))));
        return g.node("Mul", List.of(t, half));
    }

    private void head(String x) {
        int c = config.channels().get(config.channels().size() - 1);
        int k = config.numClass();
        double[][] ac = affine("head_norm.", c);
        float[] w = get("head.weight", k, c);
        float[] b = get("head.bias", k);
        float[] fw = new float[w.length];
        float[] fb = new float[k];
        for (int o = 0; o < k; o++) {
            double shift = b[o];
            for (int i = 0; i < c; i++) {
                double v = w[o * c + i];
                shift += v * ac[1][i];
                fw[o * c + i] = (float) (v * ac[0][i]);
            }
            fb[o] = (float) shift;
        }
        String pooled = g.node("GlobalAveragePool", List.of(x));
        String flat = g.node("Flatten", List.of(pooled), OnnxGraph.attr("axis", 1L));
        g.node(
                "Gemm",
                List.of(
                        flat,
                        g.floats("head.fused.weight", new long[] {k, c}, fw),
                        g.floats("head.fused.bias", new long[] {k}, fb)),
                OnnxExporter.OUTPUT,
                OnnxGraph.attr("transB", 1L));
    }
}
