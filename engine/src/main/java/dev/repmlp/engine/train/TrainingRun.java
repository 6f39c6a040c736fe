package dev.repmlp.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repmlp.engine.EngineInfo;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.infer.Scores;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.StateSlot;
import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunState;
import dev.repmlp.engine.runs.RunStatus;
import dev.repmlp.engine.runs.StepMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One training run (upstream's {@code main_repmlp.py} loop): synchronous, reporting through a
 * {@link TrainingListener} and stopping within one step after {@link #cancel()}. Writes a {@link
 * RunDirectory}; resumable from its last checkpoint at any step.
 */
public final class TrainingRun {

    /**
     * @param dir the run directory
     * @param status how it ended: {@link RunStatus#COMPLETED} or {@link RunStatus#CANCELLED}
     * @param epochsDone completed epochs
     * @param bestTop1 best validation top-1 (NaN if never validated)
     */
    public record Result(Path dir, RunStatus status, int epochsDone, double bestTop1) {}

    private final TrainingConfig config;
    private final Path dir;
    private final TrainingListener listener;
    private final boolean resume;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private TrainingRun(
            TrainingConfig config, Path dir, TrainingListener listener, boolean resume) {
        this.config = config;
        this.dir = dir;
        this.listener = listener == null ? TrainingListener.NONE : listener;
        this.resume = resume;
    }

    /** A new run writing to {@code dir} (created; must not hold a run already). */
    public static TrainingRun create(TrainingConfig config, Path dir, TrainingListener listener)
            throws IOException {
        config.validate();
        if (Files.exists(dir.resolve(RunDirectory.CONFIG))) {
            throw new IOException(
                    dir + " already holds a run; use --resume " + dir + " or another --name");
        }
        return new TrainingRun(config, dir, listener, false);
    }

    /** Continues the run in {@code dir} from its last checkpoint. */
    public static TrainingRun resume(Path dir, TrainingListener listener) throws IOException {
        ObjectNode c = RunDirectory.readConfig(dir);
        TrainingConfig config =
                TrainingConfig.JSON.treeToValue(c.get("training"), TrainingConfig.class);
        if (!Files.isRegularFile(FullCheckpoint.last(dir))) {
            throw new IOException(dir + " has no checkpoint to resume from (checkpoints/last)");
        }
        return new TrainingRun(config, dir, listener, true);
    }

    public TrainingConfig config() {
        return config;
    }

    public Path dir() {
        return dir;
    }

    /** Asks the run to stop; it does within one step and leaves a checkpoint. */
    public void cancel() {
        cancelled.set(true);
    }

    /** Runs to the end (or until cancelled). */
    public Result run() throws IOException {
        Path data = config.dataPath() == null ? DemoDataset.require() : Path.of(config.dataPath());
        RepMlpNetConfig mc = config.model();
        try (RunDirectory run = RunDirectory.open(dir)) {
            Logged log = new Logged(run, listener);
            TrainData td = TrainData.load(data, mc.imageSize(), log::line);
            if (td.classes().size() != mc.numClass()) {
                throw new IllegalArgumentException(
                        "the model has num_class "
                                + mc.numClass()
                                + " but "
                                + data
                                + " has "
                                + td.classes().size()
                                + " classes; set num_class to "
                                + td.classes().size()
                                + " (e.g. --set model.num_class="
                                + td.classes().size()
                                + "), or fine-tune from a checkpoint with a new head");
            }
            if (!resume) {
                run.writeConfig(runRecord(data, td));
            }
            return train(run, td, log);
        }
    }

    private ObjectNode runRecord(Path data, TrainData td) {
        ObjectNode root = RunDirectory.object();
        root.put("format", "repmlp-workbench-run/1");
        root.set("training", TrainingConfig.JSON.valueToTree(config));
        root.put("dataset", data.toAbsolutePath().toString());
        ArrayNode classes = root.putArray("classes");
        td.classes().forEach(classes::add);
        root.put("train_images", td.trainSize());
        root.put("val_images", td.valSize());
        root.put("seed", config.seed());
        ObjectNode versions = root.putObject("versions");
        versions.put("workbench", EngineInfo.currentVersion());
        versions.put("djl", Engine.getDjlVersion());
        versions.put("pytorch", Engine.getEngine("PyTorch").getVersion());
        versions.put("java", System.getProperty("java.version"));
        root.put("created", java.time.OffsetDateTime.now().toString());
        return root;
    }

    /** The devices of the run: one, or several for data parallelism (master first). */
    private List<Device> devices() {
        String d = config.device() == null ? "cpu" : config.device();
        if (d.equals("cpu")) {
            return List.of(Device.cpu());
        }
        if (d.startsWith("cpu:")) {
            // n data-parallel replicas on the CPU: exercises the multi-device path without GPUs
            int n = Integer.parseInt(d.substring(4));
            List<Device> l = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                l.add(Device.cpu());
            }
            return l;
        }
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        if (gpus == 0) {
            throw new IllegalArgumentException(
                    "--device " + d + " asks for a GPU but none is visible; use --device cpu");
        }
        if (d.equals("gpu")) {
            return List.of(Device.gpu(0));
        }
        List<Device> l = new ArrayList<>();
        for (String id : d.substring(4).split(",")) {
            int i = Integer.parseInt(id.trim());
            if (i >= gpus) {
                throw new IllegalArgumentException("no GPU " + i + " (found " + gpus + ")");
            }
            l.add(Device.gpu(i));
        }
        return l;
    }

    private Result train(RunDirectory run, TrainData td, Logged log) throws IOException {
        RepMlpNetConfig mc = config.model();
        int batch = config.batchSize();
        int accum = Math.max(1, config.accumulationSteps());
        int deviceCount = config.deviceCount();
        int stepsPerEpoch = Math.max(1, td.trainSize() / (batch * deviceCount * accum));
        LrSchedule schedule = new LrSchedule(config, stepsPerEpoch);
        TrainData.Transform transform = TrainTransforms.of(config);
        List<Device> devices = devices();
        Device device = devices.get(0);
        Engine.getInstance().setRandomSeed((int) config.seed());
        // libtorch's grad mode is per thread and on by default; DJL turns it off only on the
        // thread that loaded the engine. Off here, so that the optimizer's in-place updates work
        // on any thread (a GUI job, a pool thread); GradientCollector turns it on for each step.
        JniUtils.setGradMode(false);
        Replicas replicas = null;
        try (NDManager root = NDManager.newBaseManager(device)) {
            RepMlpNet net = new RepMlpNet(mc, false);
            net.initialize(root);
            ParamOptimizer opt = new ParamOptimizer(config, root);
            int startEpoch = 0;
            int startStep = 0;
            double best = Double.NaN;
            if (resume) {
                FullCheckpoint.State st =
                        FullCheckpoint.load(FullCheckpoint.last(dir), net, opt, root);
                startEpoch = st.epoch();
                startStep = st.step();
                best = st.bestTop1();
                log.line(
                        String.format(
                                Locale.ROOT,
                                "resumed from %s at epoch %d step %d (optimizer step %d)",
                                FullCheckpoint.last(dir),
                                startEpoch,
                                startStep,
                                opt.steps()));
            } else if (config.initWeights() != null) {
                FineTune.loadInitWeights(net, Path.of(config.initWeights()), log::line);
            }
            Ema ema = config.emaAlpha() > 0 ? new Ema(net, root) : null;
            if (ema != null && resume && Files.isRegularFile(FullCheckpoint.emaFile(dir))) {
                dev.repmlp.engine.checkpoint.Weights.load(ema.net(), FullCheckpoint.emaFile(dir));
            }
            List<StateSlot> trainable = new ArrayList<>();
            for (StateSlot s : net.stateSlots()) {
                if (!s.isCounter() && s.parameter().requiresGradient()) {
                    trainable.add(s);
                    s.parameter().getArray().setRequiresGradient(true);
                }
            }
            if (devices.size() > 1) {
                replicas = new Replicas(net, devices);
            }
            log.line(
                    String.format(
                            Locale.ROOT,
                            "training %s on %s: %d train / %d val images, %d classes, %d steps/epoch,"
                                    + " batch %d x %d, lr %.3g (scaled), device %s",
                            mc.name(),
                            td.trainFolder().root().getParent(),
                            td.trainSize(),
                            td.valSize(),
                            td.classes().size(),
                            stepsPerEpoch,
                            batch,
                            accum,
                            config.scaled(config.baseLr()),
                            device));
            long t0 = System.nanoTime();
            ParameterStore store = new ParameterStore(root, false);
            for (int epoch = startEpoch; epoch < config.epochs(); epoch++) {
                long e0 = System.nanoTime();
                int[] order = permutation(td.trainSize(), config.seed(), epoch);
                double lossSum = 0;
                long correct = 0;
                long seen = 0;
                int firstStep = epoch == startEpoch ? startStep : 0;
                for (int step = firstStep; step < stepsPerEpoch; step++) {
                    if (cancelled.get()) {
                        FullCheckpoint.save(
                                FullCheckpoint.last(dir), net, opt, epoch, step, best, config);
                        log.line(
                                String.format(
                                        Locale.ROOT,
                                        "cancelled at epoch %d step %d; checkpoint saved, resume with"
                                                + " --resume %s",
                                        epoch,
                                        step,
                                        dir));
                        writeState(run, RunStatus.CANCELLED, epoch, best);
                        return new Result(dir, RunStatus.CANCELLED, epoch, best);
                    }
                    long s0 = System.nanoTime();
                    long globalStep = (long) epoch * stepsPerEpoch + step;
                    double lr = schedule.forStep(globalStep);
                    StepOutcome out;
                    try (NDManager sm = root.newSubManager()) {
                        for (StateSlot s : trainable) {
                            s.parameter().getArray().tempAttach(sm);
                        }
                        for (NDArray a : opt.allState()) {
                            a.tempAttach(sm);
                        }
                        out =
                                step(
                                        net,
                                        store,
                                        sm,
                                        td,
                                        order,
                                        epoch,
                                        step,
                                        batch * deviceCount,
                                        accum,
                                        transform,
                                        trainable,
                                        opt,
                                        lr,
                                        replicas);
                        if (ema != null && Double.isFinite(out.loss()) && Ema.due(config, step)) {
                            ema.update(net, Ema.alpha(config, epoch), sm);
                        }
                    }
                    if (replicas != null) {
                        replicas.broadcast(net);
                    }
                    if (!Double.isFinite(out.loss())) {
                        writeState(run, RunStatus.FAILED, epoch, best);
                        String msg =
                                String.format(
                                        Locale.ROOT,
                                        "loss became %s at epoch %d step %d (lr %.3g); stopped without"
                                                + " updating the weights. The last good checkpoint is %s."
                                                + " Lower the learning rate (--lr) or keep gradient"
                                                + " clipping on, then resume or restart.",
                                        out.loss(),
                                        epoch,
                                        step,
                                        lr,
                                        FullCheckpoint.last(dir));
                        log.line(msg);
                        throw new TrainingDivergedException(msg);
                    }
                    lossSum += out.loss();
                    correct += out.correct();
                    seen += out.images();
                    double secs = (System.nanoTime() - s0) / 1e9;
                    StepMetrics sm =
                            new StepMetrics(
                                    epoch,
                                    step,
                                    stepsPerEpoch,
                                    out.loss(),
                                    lr,
                                    out.images() / secs,
                                    (System.nanoTime() - t0) / 1e9);
                    run.step(sm);
                    listener.onStep(sm);
                }
                int stepsRun = stepsPerEpoch - firstStep;
                double trainLoss = stepsRun == 0 ? Double.NaN : lossSum / stepsRun;
                double trainTop1 = seen == 0 ? Double.NaN : 100.0 * correct / seen;
                boolean validate =
                        (epoch + 1) % config.valEvery() == 0 || epoch == config.epochs() - 1;
                double[] val =
                        validate
                                ? validate(net, td, root)
                                : new double[] {Double.NaN, Double.NaN, Double.NaN};
                boolean isBest = validate && (Double.isNaN(best) || val[1] > best);
                if (isBest) {
                    best = val[1];
                }
                EpochMetrics em =
                        new EpochMetrics(
                                epoch,
                                trainLoss,
                                trainTop1,
                                val[0],
                                val[1],
                                val[2],
                                (System.nanoTime() - e0) / 1e9);
                FullCheckpoint.save(FullCheckpoint.last(dir), net, opt, epoch + 1, 0, best, config);
                if (ema != null) {
                    Weights.save(ema.net(), FullCheckpoint.emaFile(dir));
                }
                if (isBest) {
                    Files.copy(
                            FullCheckpoint.last(dir),
                            FullCheckpoint.best(dir),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                if (config.saveEvery() > 0 && (epoch + 1) % config.saveEvery() == 0) {
                    Files.copy(
                            FullCheckpoint.last(dir),
                            FullCheckpoint.epoch(dir, epoch + 1),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                double emaTop1 = Double.NaN;
                if (ema != null && validate) {
                    double[] ev = validate(ema.net(), td, root);
                    emaTop1 = ev[1];
                    log.line(String.format(Locale.ROOT, "EMA weights: val top-1 %.2f", ev[1]));
                }
                run.epoch(em, emaTop1);
                log.line(
                        String.format(
                                Locale.ROOT,
                                "epoch %d/%d: train loss %.4f top-1 %.2f | val loss %.4f top-1 %.2f top-5"
                                        + " %.2f | %.1f s",
                                epoch + 1,
                                config.epochs(),
                                trainLoss,
                                trainTop1,
                                val[0],
                                val[1],
                                val[2],
                                em.seconds()));
                listener.onEpoch(em);
                writeState(run, RunStatus.RUNNING, epoch + 1, best);
            }
            Weights.save(net, dir.resolve("model-train.pth"));
            if (ema != null) {
                Weights.save(ema.net(), dir.resolve("model-ema-train.pth"));
            }
            try (NDManager em = root.newSubManager()) {
                RepMlpNet deploy = NetState.deployCopy(net, em);
                Weights.save(deploy, dir.resolve("model-deploy.pth"));
            }
            log.line("wrote model-train.pth and model-deploy.pth (locality-injected) to " + dir);
            writeState(run, RunStatus.COMPLETED, config.epochs(), best);
            return new Result(dir, RunStatus.COMPLETED, config.epochs(), best);
        } finally {
            if (replicas != null) {
                replicas.close();
            }
        }
    }

    private record StepOutcome(double loss, long correct, int images) {}

    private StepOutcome step(
            RepMlpNet net,
            ParameterStore store,
            NDManager sm,
            TrainData td,
            int[] order,
            int epoch,
            int step,
            int batch,
            int accum,
            TrainData.Transform transform,
            List<StateSlot> trainable,
            ParamOptimizer opt,
            double lr,
            Replicas replicas) {
        int numClass = config.model().numClass();
        int res = config.model().imageSize();
        double lossSum = 0;
        long correct = 0;
        int images = 0;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            for (int micro = 0; micro < accum; micro++) {
                int from = (step * accum + micro) * batch;
                int[] idx =
                        java.util.Arrays.copyOfRange(
                                order, from, Math.min(order.length, from + batch));
                TrainData.Batch b = td.trainBatch(idx, config.seed(), epoch, transform);
                if (b.size() == 0) {
                    continue;
                }
                float[] targets =
                        Mixing.apply(
                                config,
                                b,
                                numClass,
                                res,
                                new Random(
                                        TrainData.mix(
                                                config.seed() ^ 0x5DEECE66DL,
                                                epoch,
                                                (long) step * accum + micro)));
                int shares = replicas == null ? 1 : replicas.devices().size();
                int n = b.size();
                int per = 3 * res * res;
                double microLoss = 0;
                for (int r = 0; r < shares; r++) {
                    int lo = r * n / shares;
                    int hi = (r + 1) * n / shares;
                    if (hi <= lo) {
                        continue;
                    }
                    RepMlpNet model = r == 0 ? net : replicas.nets().get(r - 1);
                    ParameterStore ps = r == 0 ? store : replicas.store(r - 1);
                    ai.djl.Device dev = r == 0 ? sm.getDevice() : replicas.devices().get(r);
                    float[] xs =
                            shares == 1
                                    ? b.images()
                                    : java.util.Arrays.copyOfRange(b.images(), lo * per, hi * per);
                    float[] ts =
                            shares == 1
                                    ? targets
                                    : java.util.Arrays.copyOfRange(
                                            targets, lo * numClass, hi * numClass);
                    NDArray x = sm.create(xs, new Shape(hi - lo, 3, res, res)).toDevice(dev, false);
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
        double loss = lossSum / accum;
        if (!Double.isFinite(loss)) {
            for (StateSlot s : trainable) {
                NDArray g = s.parameter().getArray().getGradient();
                g.subi(g);
            }
            return new StepOutcome(loss, correct, images);
        }
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
        return new StepOutcome(loss, correct, images);
    }

    /** Validation loss, top-1 and top-5 in eval mode on the cached val tensors. */
    private double[] validate(RepMlpNet net, TrainData td, NDManager root) {
        float[][] vt = td.valTensors();
        int[] vl = td.valLabels();
        int numClass = config.model().numClass();
        int res = config.model().imageSize();
        int k = Math.min(5, numClass);
        int per = 3 * res * res;
        int bs = 256;
        double loss = 0;
        long c1 = 0;
        long c5 = 0;
        int n = 0;
        for (int from = 0; from < vt.length; from += bs) {
            int to = Math.min(vt.length, from + bs);
            List<Integer> ok = new ArrayList<>();
            for (int i = from; i < to; i++) {
                if (vt[i] != null) {
                    ok.add(i);
                }
            }
            if (ok.isEmpty()) {
                continue;
            }
            float[] flat = new float[ok.size() * per];
            for (int j = 0; j < ok.size(); j++) {
                System.arraycopy(vt[ok.get(j)], 0, flat, j * per, per);
            }
            try (NDManager sm = root.newSubManager()) {
                NDArray x = sm.create(flat, new Shape(ok.size(), 3, res, res));
                float[] lg =
                        net.forward(new ParameterStore(sm, false), new NDList(x), false)
                                .singletonOrThrow()
                                .toFloatArray();
                for (int j = 0; j < ok.size(); j++) {
                    Scores sc = Scores.of(lg, j * numClass, numClass);
                    int label = vl[ok.get(j)];
                    loss += sc.crossEntropy(label);
                    int r = sc.rank(label);
                    c1 += r < 1 ? 1 : 0;
                    c5 += r < k ? 1 : 0;
                }
            }
            n += ok.size();
        }
        return n == 0
                ? new double[] {Double.NaN, Double.NaN, Double.NaN}
                : new double[] {loss / n, 100.0 * c1 / n, 100.0 * c5 / n};
    }

    /** The epoch's sample order: a seeded Fisher-Yates shuffle. */
    static int[] permutation(int n, long seed, int epoch) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random r = new Random(TrainData.mix(seed, epoch, -1));
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    private void writeState(RunDirectory run, RunStatus status, int epochs, double best)
            throws IOException {
        run.writeState(new RunState(status, epochs, config.epochs(), best));
    }

    /** Writes log lines to log.txt and the listener. */
    private static final class Logged {
        private final RunDirectory run;
        private final TrainingListener listener;

        Logged(RunDirectory run, TrainingListener listener) {
            this.run = run;
            this.listener = listener;
        }

        void line(String s) {
            try {
                run.log(s);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(
                        "cannot write " + run.path().resolve(RunDirectory.LOG) + ": " + e, e);
            }
            listener.onLog(s);
        }
    }
}
