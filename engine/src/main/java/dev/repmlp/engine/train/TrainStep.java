package dev.repmlp.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.repmlp.engine.data.loader.Prefetcher;
import dev.repmlp.engine.infer.Scores;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.StateSlot;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One optimizer step of a {@link TrainingRun} (upstream's inner loop of {@code train_one_epoch}):
 * {@code accumulation_steps} micro-batches, each mixed (mixup/cutmix) and, with several devices,
 * split over the replicas, their gradients summed; then gradient clipping and the optimizer update.
 * A step whose loss is not finite leaves the weights as they were.
 */
final class TrainStep {

    /**
     * @param loss mean training loss of the step (not finite: the weights were not updated)
     * @param correct images whose top-1 matched their (un-mixed) label
     * @param images images in the step (0: every image of the step was unreadable; nothing was
     *     updated)
     */
    record Outcome(double loss, long correct, int images) {

        /** Whether every image of the step was unreadable, so the step did not update anything. */
        boolean skipped() {
            return images == 0;
        }
    }

    private final TrainingConfig config;
    private final RepMlpNet net;
    private final ParameterStore store;
    private final TrainData data;
    private final TrainData.Transform transform;
    private final ParamOptimizer opt;
    private final Replicas replicas;
    private final List<StateSlot> trainable = new ArrayList<>();
    private final int batch;
    private final int accum;

    /**
     * Marks {@code net}'s trainable parameters as requiring gradients.
     *
     * @param replicas the other devices' replicas, or null on one device
     * @param root the manager the step's parameter store uses
     */
    TrainStep(
            TrainingConfig config,
            RepMlpNet net,
            TrainData data,
            ParamOptimizer opt,
            Replicas replicas,
            NDManager root) {
        this.config = config;
        this.net = net;
        this.store = new ParameterStore(root, false);
        this.data = data;
        this.transform = TrainTransforms.of(config);
        this.opt = opt;
        this.replicas = replicas;
        this.batch = config.batchSize() * config.deviceCount();
        this.accum = Math.max(1, config.accumulationSteps());
        for (StateSlot s : net.stateSlots()) {
            if (!s.isCounter() && s.parameter().requiresGradient()) {
                trainable.add(s);
                s.parameter().getArray().setRequiresGradient(true);
            }
        }
    }

    /**
     * The micro-batches of epoch {@code epoch} from step {@code firstStep} on, loaded ahead by
     * {@code loader}.
     */
    TrainBatches batches(
            Prefetcher loader,
            int[] order,
            int epoch,
            int firstStep,
            int stepsPerEpoch,
            java.util.function.Consumer<String> log) {
        int res = config.model().imageSize();
        return new TrainBatches(
                loader,
                data,
                order,
                batch,
                firstStep * accum,
                stepsPerEpoch * accum,
                2,
                data.trainSamples(config.seed(), epoch, transform),
                3 * res * res,
                log);
    }

    /**
     * Moves the trainable parameters and the optimizer state into {@code sm} for one step, so the
     * arrays the step replaces are freed with it.
     */
    void attach(NDManager sm) {
        for (StateSlot s : trainable) {
            s.parameter().getArray().tempAttach(sm);
        }
        for (NDArray a : opt.allState()) {
            a.tempAttach(sm);
        }
    }

    /**
     * Runs step {@code step} of epoch {@code epoch} on the samples {@code order} lists for it.
     *
     * @param sm the step's manager (see {@link #attach})
     * @param batches the epoch's micro-batches, positioned at this step's first
     * @param lr the learning rate of the step
     */
    Outcome run(NDManager sm, TrainBatches batches, int epoch, int step, double lr) {
        int numClass = config.model().numClass();
        int res = config.model().imageSize();
        double lossSum = 0;
        long correct = 0;
        int images = 0;
        // the last step's arrays are closed (its manager): its batches' buffers can be reused
        batches.recycle();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            for (int micro = 0; micro < accum; micro++) {
                TrainData.Batch b = batches.next();
                if (b.size() == 0) {
                    continue;
                }
                // mixup/cutmix mix a heap copy in place; otherwise the loader's direct buffer
                // goes to libtorch as it is (no copy on the CPU)
                float[] mixed = Mixing.mixes(config, b.size()) ? b.images() : null;
                float[] targets =
                        Mixing.apply(
                                config,
                                mixed,
                                b.labels(),
                                numClass,
                                res,
                                new Random(
                                        TrainData.mix(
                                                config.seed() ^ 0x5DEECE66DL,
                                                epoch,
                                                (long) step * accum + micro)));
                int shares = replicas == null ? 1 : replicas.devices().size();
                int n = b.size();
                double microLoss = 0;
                for (int r = 0; r < shares; r++) {
                    int lo = r * n / shares;
                    int hi = (r + 1) * n / shares;
                    if (hi <= lo) {
                        continue;
                    }
                    RepMlpNet model = r == 0 ? net : replicas.nets().get(r - 1);
                    ParameterStore ps = r == 0 ? store : replicas.store(r - 1);
                    Device dev = r == 0 ? sm.getDevice() : replicas.devices().get(r);
                    float[] ts =
                            shares == 1
                                    ? targets
                                    : Arrays.copyOfRange(targets, lo * numClass, hi * numClass);
                    NDArray x = images(sm, b, mixed, lo, hi).toDevice(dev, false);
                    NDArray t = sm.create(ts, new Shape(hi - lo, numClass)).toDevice(dev, false);
                    NDArray logits = model.forward(ps, new NDList(x), true).singletonOrThrow();
                    NDArray loss = logits.logSoftmax(1).mul(t).sum(new int[] {1}).neg().mean();
                    // each share's mean loss weighted by its size: the gradients sum to the
                    // gradient of the whole batch's mean loss
                    float weight = (float) (hi - lo) / n / accum;
                    gc.backward(weight == 1f ? loss : loss.mul(weight));
                    microLoss += loss.getFloat() * (hi - lo) / n;
                    float[] lg = logits.toFloatArray();
                    for (int i = 0; i < hi - lo; i++) {
                        if (Scores.of(lg, i * numClass, numClass).rank(b.labels()[lo + i]) == 0) {
                            correct++;
                        }
                    }
                }
                lossSum += microLoss;
                images += b.size();
            }
        }
        if (images == 0) {
            // every image of the step was unreadable: no gradient, so no update (weight decay and
            // the optimizer's step count would still move the weights)
            return new Outcome(Double.NaN, 0, 0);
        }
        double loss = lossSum / accum;
        if (!Double.isFinite(loss)) {
            for (StateSlot s : trainable) {
                NDArray g = s.parameter().getArray().getGradient();
                g.subi(g);
            }
            return new Outcome(loss, correct, images);
        }
        update(sm, lr);
        return new Outcome(loss, correct, images);
    }

    /**
     * Images {@code [lo, hi)} of a micro-batch as an NCHW array on {@code sm}'s device: from the
     * mixed heap copy when there is one, else straight from the loader's direct buffer (on the CPU
     * the array shares it, without a copy; {@link TrainBatches#recycle} reuses it after the step).
     */
    private NDArray images(NDManager sm, TrainData.Batch b, float[] mixed, int lo, int hi) {
        int res = config.model().imageSize();
        int per = 3 * res * res;
        Shape shape = new Shape(hi - lo, 3, res, res);
        if (mixed != null) {
            boolean all = lo == 0 && hi == b.size();
            return sm.create(all ? mixed : Arrays.copyOfRange(mixed, lo * per, hi * per), shape);
        }
        ByteBuffer part =
                b.pixels()
                        .slice(lo * per * Float.BYTES, (hi - lo) * per * Float.BYTES)
                        .order(ByteOrder.nativeOrder());
        return sm.create(part, shape, DataType.FLOAT32);
    }

    /** Gradient clipping (global norm, upstream's clip_grad) and the optimizer update. */
    private void update(NDManager sm, double lr) {
        List<NDArray> grads = new ArrayList<>(trainable.size());
        NDArray sq = null;
        for (int i = 0; i < trainable.size(); i++) {
            NDArray g = trainable.get(i).parameter().getArray().getGradient();
            if (replicas != null) {
                replicas.reduceGradient(i, g, sm);
            }
            grads.add(g);
            NDArray gs = g.square().sum();
            sq = sq == null ? gs : sq.add(gs);
        }
        double norm = Math.sqrt(sq.getFloat());
        float coef = 1f;
        if (config.clipGrad() > 0) {
            double c = config.clipGrad() / (norm + 1e-6);
            if (c < 1) {
                coef = (float) c;
            }
        }
        opt.beginStep();
        for (int i = 0; i < trainable.size(); i++) {
            StateSlot s = trainable.get(i);
            NDArray g = grads.get(i);
            NDArray used = coef < 1f ? g.mul(coef) : g;
            opt.update(s.key(), s.parameter().getArray(), used, lr);
            g.subi(g); // zero the accumulated gradient for the next step
        }
    }
}
