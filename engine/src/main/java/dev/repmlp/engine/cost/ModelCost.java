package dev.repmlp.engine.cost;

import dev.repmlp.engine.model.RepMlpNetConfig;
import java.util.List;

/**
 * Parameters and multiply-adds of a RepMLPNet, counted in closed form from its config for both
 * structures (spec sections 1, 4, 5).
 *
 * <p>Parameters are what upstream's {@code model.parameters()} holds (BN running statistics are
 * buffers, not counted). Train-time: fc3 without bias, fc3_bn, and the conv branches {@code
 * repconv{k}} (conv + BN) of every RepMLP block. Deploy-time (upstream's locality-injected model):
 * fc3 with bias, no fc3_bn, no branches; every other BatchNorm is still there.
 *
 * <p>Multiply-adds (MACs) count the multiply-accumulates of convolutions, fc3 and the head, per
 * image: a conv with C_in/groups x k_h x k_w weights per output element costs that many MACs per
 * output element. BatchNorm, activations, pooling, the global perceptron's averaging and the
 * residual additions are not counted (they are element-wise, a few per element). fc3 costs h*w MACs
 * per output element, C*H*W*h*w per block; the train-time conv branches add C*H*W*k^2 each.
 */
public record ModelCost(
        long trainParameters, long deployParameters, long trainMacs, long deployMacs) {

    /**
     * Counts for {@code config} at its image size.
     *
     * @throws IllegalArgumentException when the config is not valid
     */
    public static ModelCost of(RepMlpNetConfig config) {
        config.validate();
        List<Integer> ch = config.channels();
        List<int[]> maps = config.stageMaps();
        int n = ch.size();
        long c0 = ch.get(0);
        long kh = config.patchH();
        long kw = config.patchW();
        long[] map0 = {maps.get(0)[0], maps.get(0)[1]};

        // stem: conv (no bias) + BN
        long shared = c0 * config.inChannels() * kh * kw + 2 * c0;
        long sharedMacs = c0 * config.inChannels() * kh * kw * map0[0] * map0[1];
        long trainOnly = 0;
        long deployOnly = 0;
        long trainOnlyMacs = 0;
        for (int i = 0; i < n; i++) {
            long c = ch.get(i);
            long h = config.hs().get(i);
            long w = config.ws().get(i);
            long s = config.sharesetsNums().get(i);
            long hw = h * w;
            long mapArea = (long) maps.get(i)[0] * maps.get(i)[1];
            long internal = c / config.globalperceptronReduce();
            long blocks = config.numBlocks().get(i);
            // gp fc1/fc2 (with bias), fc3 weight, FFN convs (no bias) + BNs, prebn1, prebn2
            long unit =
                    (internal * c + internal)
                            + (c * internal + c)
                            + s * hw * hw
                            + (4 * c * c + 2 * 4 * c)
                            + (4 * c * c + 2 * c)
                            + 2 * c
                            + 2 * c;
            long unitMacs = 2 * internal * c + c * mapArea * hw + 2 * 4 * c * c * mapArea;
            long branches = 2 * s; // fc3_bn
            long branchMacs = 0;
            for (int k : config.reparamConvK()) {
                branches += s * (long) k * k + 2 * s;
                branchMacs += c * mapArea * k * k;
            }
            shared += blocks * unit;
            sharedMacs += blocks * unitMacs;
            trainOnly += blocks * branches;
            trainOnlyMacs += blocks * branchMacs;
            deployOnly += blocks * s * hw; // fc3 bias
            if (i < n - 1) {
                long next = ch.get(i + 1);
                long nextArea = (long) maps.get(i + 1)[0] * maps.get(i + 1)[1];
                shared += c * next * 4 + 2 * next;
                sharedMacs += c * next * 4 * nextArea;
            }
        }
        long last = ch.get(n - 1);
        long k = config.numClass();
        shared += 2 * last + last * k + k; // head_norm, head
        sharedMacs += last * k;
        return new ModelCost(
                shared + trainOnly, shared + deployOnly, sharedMacs + trainOnlyMacs, sharedMacs);
    }

    /** Parameters saved by locality injection (negative: the deploy model has more). */
    public long parametersSaved() {
        return trainParameters - deployParameters;
    }

    /** Multiply-adds saved per image by locality injection. */
    public long macsSaved() {
        return trainMacs - deployMacs;
    }
}
