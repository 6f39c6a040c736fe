package dev.repmlp.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repmlp.engine.EngineInfo;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.data.ImageFolder;
import dev.repmlp.engine.eval.EvalReport;
import dev.repmlp.engine.infer.EvalResult;
import dev.repmlp.engine.infer.Evaluator;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunState;
import dev.repmlp.engine.runs.RunStatus;
import dev.repmlp.engine.runs.StepMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** Images per validation forward pass. */
    private static final int VAL_BATCH = 256;

    private final TrainingConfig config;
    private final Path dir;
    private final TrainingListener listener;
    private final boolean resume;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private Recipe.Choice recipe;

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

    /**
     * Records which recipe the config follows and why, in config.json ({@code "recipe"}) and the
     * log; call before {@link #run}.
     *
     * @return this run
     */
    public TrainingRun withRecipe(Recipe.Choice choice) {
        this.recipe = choice;
        return this;
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
                if (recipe != null) {
                    log.line("recipe: " + recipe.recipe().id() + " (" + recipe.reason() + ")");
                }
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
        if (recipe != null) {
            ObjectNode r = root.putObject("recipe");
            r.put("name", recipe.recipe().id());
            r.put("reason", recipe.reason());
        }
        ObjectNode versions = root.putObject("versions");
        versions.put("workbench", EngineInfo.currentVersion());
        versions.put("djl", Engine.getDjlVersion());
        versions.put("pytorch", Engine.getEngine("PyTorch").getVersion());
        versions.put("java", System.getProperty("java.version"));
        root.put("created", java.time.OffsetDateTime.now().toString());
        return root;
    }

    private Result train(RunDirectory run, TrainData td, Logged log) throws IOException {
        RepMlpNetConfig mc = config.model();
        int stepsPerEpoch =
                Math.max(
                        1,
                        td.trainSize()
                                / (config.batchSize()
                                        * config.deviceCount()
                                        * Math.max(1, config.accumulationSteps())));
        LrSchedule schedule = new LrSchedule(config, stepsPerEpoch);
        List<Device> devices = Devices.parse(config.device());
        Engine.getInstance().setRandomSeed((int) config.seed());
        // libtorch's grad mode is per thread and on by default; DJL turns it off only on the
        // thread that loaded the engine. Off here, so that the optimizer's in-place updates work
        // on any thread (a GUI job, a pool thread); GradientCollector turns it on for each step.
        JniUtils.setGradMode(false);
        Replicas replicas = null;
        try (NDManager root = NDManager.newBaseManager(devices.get(0))) {
            RepMlpNet net = new RepMlpNet(mc, false);
            net.initialize(root);
            ParamOptimizer opt = new ParamOptimizer(config, root);
            FullCheckpoint.State start = restore(net, opt, root, log);
            Ema ema = config.emaAlpha() > 0 ? new Ema(net, root) : null;
            if (ema != null && resume && Files.isRegularFile(FullCheckpoint.emaFile(dir))) {
                Weights.load(ema.net(), FullCheckpoint.emaFile(dir));
            }
            if (devices.size() > 1) {
                replicas = new Replicas(net, devices);
            }
            TrainStep stepper = new TrainStep(config, net, td, opt, replicas, root);
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
                            config.batchSize(),
                            Math.max(1, config.accumulationSteps()),
                            config.scaled(config.baseLr()),
                            devices.get(0)));
            long t0 = System.nanoTime();
            double best = start.bestTop1();
            for (int epoch = start.epoch(); epoch < config.epochs(); epoch++) {
                long e0 = System.nanoTime();
                int[] order = permutation(td.trainSize(), config.seed(), epoch);
                double lossSum = 0;
                long correct = 0;
                long seen = 0;
                int firstStep = epoch == start.epoch() ? start.step() : 0;
                for (int step = firstStep; step < stepsPerEpoch; step++) {
                    if (cancelled.get()) {
                        return cancel(run, net, opt, epoch, step, best, log);
                    }
                    long s0 = System.nanoTime();
                    double lr = schedule.forStep((long) epoch * stepsPerEpoch + step);
                    TrainStep.Outcome out;
                    try (NDManager sm = root.newSubManager()) {
                        stepper.attach(sm);
                        out = stepper.run(sm, order, epoch, step, lr);
                        if (ema != null && Double.isFinite(out.loss()) && Ema.due(config, step)) {
                            ema.update(net, Ema.alpha(config, epoch), sm);
                        }
                    }
                    if (replicas != null) {
                        replicas.broadcast(net);
                    }
                    if (!Double.isFinite(out.loss())) {
                        diverged(run, out.loss(), epoch, step, lr, best, log);
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
                best =
                        endEpoch(
                                run, td, net, opt, ema, root, epoch, trainLoss, trainTop1, e0, best,
                                log);
            }
            return finish(run, net, ema, root, best, log);
        } finally {
            if (replicas != null) {
                replicas.close();
            }
        }
    }

    /** Resumes from the last checkpoint, or loads the fine-tuning weights; where to start. */
    private FullCheckpoint.State restore(
            RepMlpNet net, ParamOptimizer opt, NDManager root, Logged log) throws IOException {
        if (resume) {
            FullCheckpoint.State st = FullCheckpoint.load(FullCheckpoint.last(dir), net, opt, root);
            log.line(
                    String.format(
                            Locale.ROOT,
                            "resumed from %s at epoch %d step %d (optimizer step %d)",
                            FullCheckpoint.last(dir),
                            st.epoch(),
                            st.step(),
                            opt.steps()));
            return st;
        }
        if (config.initWeights() != null) {
            FineTune.loadInitWeights(net, Path.of(config.initWeights()), log::line);
        }
        return new FullCheckpoint.State(0, 0, Double.NaN);
    }

    /** Saves where the run stopped and records it as cancelled. */
    private Result cancel(
            RunDirectory run,
            RepMlpNet net,
            ParamOptimizer opt,
            int epoch,
            int step,
            double best,
            Logged log)
            throws IOException {
        FullCheckpoint.save(FullCheckpoint.last(dir), net, opt, epoch, step, best, config);
        log.line(
                String.format(
                        Locale.ROOT,
                        "cancelled at epoch %d step %d; checkpoint saved, resume with --resume %s",
                        epoch,
                        step,
                        dir));
        writeState(run, RunStatus.CANCELLED, epoch, best);
        return new Result(dir, RunStatus.CANCELLED, epoch, best);
    }

    /** Records the run as failed and throws: the loss of a step was not finite. */
    private void diverged(
            RunDirectory run, double loss, int epoch, int step, double lr, double best, Logged log)
            throws IOException {
        writeState(run, RunStatus.FAILED, epoch, best);
        String msg =
                String.format(
                        Locale.ROOT,
                        "loss became %s at epoch %d step %d (lr %.3g); stopped without"
                                + " updating the weights. The last good checkpoint is %s."
                                + " Lower the learning rate (--lr) or keep gradient"
                                + " clipping on, then resume or restart.",
                        loss,
                        epoch,
                        step,
                        lr,
                        FullCheckpoint.last(dir));
        log.line(msg);
        throw new TrainingDivergedException(msg);
    }

    /**
     * The end of epoch {@code epoch}: validation when due, the checkpoints (last, best, every
     * save_every), the epoch record, the log line and state.json.
     *
     * @return the best validation top-1 so far
     */
    private double endEpoch(
            RunDirectory run,
            TrainData td,
            RepMlpNet net,
            ParamOptimizer opt,
            Ema ema,
            NDManager root,
            int epoch,
            double trainLoss,
            double trainTop1,
            long e0,
            double best,
            Logged log)
            throws IOException {
        boolean validate = (epoch + 1) % config.valEvery() == 0 || epoch == config.epochs() - 1;
        double[] val = {Double.NaN, Double.NaN, Double.NaN};
        boolean isBest = false;
        if (validate) {
            List<ImageFolder.Sample> vs = td.valFolder().samples();
            try (EvalReport report =
                    EvalReport.streaming(
                            td.classes(),
                            dir.resolve(RunDirectory.BEST_VAL_REPORT),
                            i -> vs.get(i).path().toString(),
                            false)) {
                EvalResult r = validate(net, td, root, report);
                if (r.images() > 0) {
                    val = new double[] {r.loss(), r.top1(), r.top5()};
                }
                isBest = Double.isNaN(best) || val[1] > best;
                if (isBest) {
                    // the best epoch's confusion matrix, per-class results and predictions
                    report.write(
                            null,
                            r,
                            Map.of(
                                    "epoch",
                                    epoch + 1,
                                    "model",
                                    config.model().name(),
                                    "weights",
                                    FullCheckpoint.best(dir).toString(),
                                    "data",
                                    td.valFolder().root().toString(),
                                    "mode",
                                    "train",
                                    "resolution",
                                    config.model().imageSize()));
                }
            }
        }
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
                    StandardCopyOption.REPLACE_EXISTING);
        }
        if (config.saveEvery() > 0 && (epoch + 1) % config.saveEvery() == 0) {
            Files.copy(
                    FullCheckpoint.last(dir),
                    FullCheckpoint.epoch(dir, epoch + 1),
                    StandardCopyOption.REPLACE_EXISTING);
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
        return best;
    }

    /** Writes the final weights (train-time, EMA, deploy-time) and records the run completed. */
    private Result finish(
            RunDirectory run, RepMlpNet net, Ema ema, NDManager root, double best, Logged log)
            throws IOException {
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
    }

    /**
     * Validation loss, top-1 and top-5 in eval mode on the cached val tensors, through {@link
     * Evaluator}'s loop (NaN when there is no readable val image).
     */
    private double[] validate(RepMlpNet net, TrainData td, NDManager root) {
        EvalResult r = validate(net, td, root, null);
        return r.images() == 0
                ? new double[] {Double.NaN, Double.NaN, Double.NaN}
                : new double[] {r.loss(), r.top1(), r.top5()};
    }

    /** {@link #validate(RepMlpNet, TrainData, NDManager)} telling {@code observer} (or null). */
    private EvalResult validate(
            RepMlpNet net, TrainData td, NDManager root, Evaluator.Observer observer) {
        float[][] vt = td.valTensors();
        int[] vl = td.valLabels();
        return Evaluator.evaluate(
                net,
                null,
                new Evaluator.Samples() {
                    @Override
                    public int size() {
                        return vt.length;
                    }

                    @Override
                    public float[] tensor(int i) {
                        return vt[i];
                    }

                    @Override
                    public int label(int i) {
                        return vl[i];
                    }
                },
                config.model().imageSize(),
                VAL_BATCH,
                root,
                null,
                observer);
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
