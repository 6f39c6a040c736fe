package dev.repmlp.engine.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.repmlp.engine.infer.FusedDeploy;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.StateSlot;
import dev.repmlp.engine.onnx.OnnxExporter;
import dev.repmlp.engine.onnx.OnnxModel;
import dev.repmlp.engine.train.ParamOptimizer;
import dev.repmlp.engine.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times RepMLPNet on random data: eval-mode inference of either structure, or a whole training step
 * (forward in training mode, backward, AdamW update). Native memory is scoped per iteration.
 */
public final class Benchmarks {
    private Benchmarks() {}

    /** What to time. */
    public enum Mode {
        INFER_TRAIN("infer-train"),
        INFER_DEPLOY("infer-deploy"),
        INFER_DEPLOY_FUSED("infer-deploy-fused"),
        /** The exported ONNX deploy graph run by ONNX Runtime (CPU). */
        INFER_ONNX("infer-onnx"),
        TRAIN_STEP("train-step");

        private final String id;

        Mode(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        @Override
        public String toString() {
            return id;
        }

        /** Parses {@code infer-train} etc. (also the enum name). */
        public static Mode valueOfId(String s) {
            for (Mode m : values()) {
                if (m.id.equalsIgnoreCase(s) || m.name().equalsIgnoreCase(s)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown mode " + s);
        }
    }

    /**
     * @param seconds timed iterations, in order
     * @param peakRssBytes the process's peak resident memory after the run
     * @param maxAbsDiffToReference for deploy modes: max |logit difference| to the train-time model
     *     on the benchmark input (NaN otherwise)
     */
    public record Result(
            double[] seconds,
            long peakRssBytes,
            double maxAbsDiffToReference,
            long rssAfterWarmup,
            long rssAtEnd,
            long outsideHeapAfterWarmup,
            long outsideHeapAtEnd) {

        /** Growth of resident memory outside the Java heap over the timed iterations. */
        public long nativeGrowthBytes() {
            return outsideHeapAtEnd - outsideHeapAfterWarmup;
        }

        /** Resident memory growth over the timed iterations (leak detector). */
        public long rssGrowthBytes() {
            return rssAtEnd - rssAfterWarmup;
        }

        public double median() {
            double[] s = seconds.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        public double min() {
            return Arrays.stream(seconds).min().orElse(Double.NaN);
        }

        public double max() {
            return Arrays.stream(seconds).max().orElse(Double.NaN);
        }
    }

    /**
     * ONNX Runtime's intra-op threads: the {@code ai.djl.pytorch.num_threads} that {@code repmlp
     * bench --threads} sets for libtorch, so both runtimes get the same cores; 0 (all) when unset.
     */
    private static int onnxThreads() {
        return Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads", "0"));
    }

    /**
     * Runs {@code warmup} untimed and {@code iters} timed iterations.
     *
     * @throws IOException when the ONNX model of {@link Mode#INFER_ONNX} cannot be written or
     *     loaded
     */
    public static Result run(RepMlpNetConfig config, Mode mode, int batch, int warmup, int iters)
            throws IOException {
        int r = config.imageSize();
        try (NDManager root = NDManager.newBaseManager()) {
            RepMlpNet train = new RepMlpNet(config, false);
            train.initialize(root);
            NDArray x = root.randomNormal(new Shape(batch, config.inChannels(), r, r));
            double diff = Double.NaN;
            RepMlpNet net = train;
            FusedDeploy fused = null;
            OnnxModel onnx = null;
            Path onnxFile = null;
            float[] hostX = null;
            if (mode == Mode.INFER_DEPLOY
                    || mode == Mode.INFER_DEPLOY_FUSED
                    || mode == Mode.INFER_ONNX) {
                NetState.randomizeBatchNorms(train, 0, x);
                RepMlpNet deploy = NetState.deployCopy(train, root);
                float[] reference = logits(train, x);
                diff = maxAbsDiff(reference, logits(deploy, x));
                net = deploy;
                if (mode == Mode.INFER_DEPLOY_FUSED) {
                    fused = new FusedDeploy(deploy, root.newSubManager());
                    try (NDManager sub = root.newSubManager()) {
                        x.tempAttach(sub);
                        diff = maxAbsDiff(reference, fused.forward(x).toFloatArray());
                    }
                }
                if (mode == Mode.INFER_ONNX) {
                    onnxFile = Files.createTempFile("repmlp-bench", ".onnx");
                    OnnxExporter.export(deploy, onnxFile, OnnxExporter.Options.defaults());
                    onnx = OnnxModel.load(onnxFile, onnxThreads());
                    hostX = x.toFloatArray();
                    diff = maxAbsDiff(reference, onnx.logits(hostX, batch));
                    for (StateSlot s : deploy.stateSlots()) {
                        if (!s.isCounter()) {
                            s.parameter().close();
                        }
                    }
                }
                // keep only the model being timed in memory, as a deployment would
                for (StateSlot s : train.stateSlots()) {
                    if (!s.isCounter()) {
                        s.parameter().close();
                    }
                }
            }
            double[] times = new double[iters];
            long[] rssWarm = {
                ProcessMemory.residentBytes(), ProcessMemory.residentOutsideHeapBytes()
            };
            System.gc();
            ProcessMemory.resetPeak(); // the peak covers the timed work, not model preparation
            if (mode == Mode.TRAIN_STEP) {
                TrainingConfig tc = TrainingConfig.upstream(config);
                ParamOptimizer opt = new ParamOptimizer(tc, root);
                List<StateSlot> trainable = new ArrayList<>();
                for (StateSlot s : net.stateSlots()) {
                    if (!s.isCounter() && s.parameter().requiresGradient()) {
                        trainable.add(s);
                        s.parameter().getArray().setRequiresGradient(true);
                    }
                }
                int numClass = config.numClass();
                for (int i = 0; i < warmup + iters; i++) {
                    long t0 = System.nanoTime();
                    trainStep(net, opt, trainable, x, numClass, root);
                    if (i == warmup - 1) {
                        rssWarm[0] = ProcessMemory.residentBytes();
                        rssWarm[1] = ProcessMemory.residentOutsideHeapBytes();
                    }
                    if (i >= warmup) {
                        times[i - warmup] = (System.nanoTime() - t0) / 1e9;
                    }
                }
            } else if (onnx != null) {
                try (OnnxModel m = onnx) {
                    for (int i = 0; i < warmup + iters; i++) {
                        long t0 = System.nanoTime();
                        m.logits(hostX, batch);
                        if (i == warmup - 1) {
                            rssWarm[0] = ProcessMemory.residentBytes();
                            rssWarm[1] = ProcessMemory.residentOutsideHeapBytes();
                        }
                        if (i >= warmup) {
                            times[i - warmup] = (System.nanoTime() - t0) / 1e9;
                        }
                    }
                } finally {
                    Files.deleteIfExists(onnxFile);
                }
            } else {
                for (int i = 0; i < warmup + iters; i++) {
                    long t0 = System.nanoTime();
                    try (NDManager sub = root.newSubManager()) {
                        x.tempAttach(sub); // results of this iteration belong to sub
                        if (fused != null) {
                            fused.forward(x).toFloatArray();
                        } else {
                            net.forward(new ParameterStore(sub, false), new NDList(x), false)
                                    .singletonOrThrow()
                                    .toFloatArray();
                        }
                    }
                    if (i == warmup - 1) {
                        rssWarm[0] = ProcessMemory.residentBytes();
                        rssWarm[1] = ProcessMemory.residentOutsideHeapBytes();
                    }
                    if (i >= warmup) {
                        times[i - warmup] = (System.nanoTime() - t0) / 1e9;
                    }
                }
            }
            return new Result(
                    times,
                    ProcessMemory.peakResidentBytes(),
                    diff,
                    rssWarm[0],
                    ProcessMemory.residentBytes(),
                    rssWarm[1],
                    ProcessMemory.residentOutsideHeapBytes());
        }
    }

    /** One training step with cross-entropy against random labels and an AdamW update. */
    static void trainStep(
            RepMlpNet net,
            ParamOptimizer opt,
            List<StateSlot> trainable,
            NDArray x,
            int numClass,
            NDManager root) {
        try (NDManager sm = root.newSubManager()) {
            for (StateSlot s : trainable) {
                s.parameter().getArray().tempAttach(sm);
            }
            for (NDArray a : opt.allState()) {
                a.tempAttach(sm);
            }
            x.tempAttach(sm); // as in training, the batch and all results live in the step scope
            long n = x.getShape().get(0);
            NDArray targets = sm.zeros(new Shape(n, numClass));
            for (int i = 0; i < n; i++) {
                targets.set(new ai.djl.ndarray.index.NDIndex(i + ", " + (i % numClass)), 1f);
            }
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray logits =
                        net.forward(new ParameterStore(sm, false), new NDList(x), true)
                                .singletonOrThrow();
                NDArray loss = logits.logSoftmax(1).mul(targets).sum(new int[] {1}).neg().mean();
                gc.backward(loss);
            }
            opt.beginStep();
            for (StateSlot s : trainable) {
                NDArray g = s.parameter().getArray().getGradient();
                opt.update(s.key(), s.parameter().getArray(), g, 1e-4);
                g.subi(g);
            }
        }
    }

    private static float[] logits(RepMlpNet net, NDArray x) {
        try (NDManager sub = x.getManager().newSubManager()) {
            return net.forward(new ParameterStore(sub, false), new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
