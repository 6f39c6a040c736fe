package dev.repmlp.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repmlp.engine.EngineInfo;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.data.ImageFolder;
import dev.repmlp.engine.data.loader.Prefetcher;
import dev.repmlp.engine.eval.EvalReport;
import dev.repmlp.engine.infer.EvalResult;
import dev.repmlp.engine.infer.Evaluator;
import dev.repmlp.engine.io.AtomicFiles;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One training run (upstream's {@code main_repmlp.py} loop): synchronous, reporting through a
 * {@link TrainingListener} and stopping within one step after {@link #cancel()}. Writes a {@link
 * RunDirectory}; resumable from its last checkpoint at any step.
 *
 * <p>Crash safety: a checkpoint ({@code checkpoints/last}) is written at every epoch end and also
 * every {@link #checkpointEvery checkpoint interval} (default {@value #DEFAULT_CHECKPOINT_MINUTES}
 * minutes); at an epoch end the files are written in the order metrics record, last, best,
 * epoch-NNN, state.json, each atomically, so that after a kill at any point they agree or resume
 * repairs them (best from last, state.json from last). A killed run resumes from its last
 * checkpoint, or from its start when it has none yet.
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

    /** Default minutes between step checkpoints. */
    public static final double DEFAULT_CHECKPOINT_MINUTES = 10;

    /** Seconds between heartbeats (state.json rewritten with a fresh time). */
    private static final double HEARTBEAT_SECONDS = 30;

    /** Settings {@code --resume} may change: they do not change what a step computes. */
    public static final List<String> RESUMABLE_SETTINGS =
            List.of("epochs", "device", "save_every", "val_every", "workers");

    private final TrainingConfig config;
    private final Path dir;
    private final TrainingListener listener;
    private final boolean resume;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private int checkpointSteps;
    private double checkpointMinutes = DEFAULT_CHECKPOINT_MINUTES;
    private Recipe.Choice recipe;
    private int workers;

    private TrainingRun(
            TrainingConfig config, Path dir, TrainingListener listener, boolean resume) {
        this.config = config;
        this.dir = dir;
        this.listener = listener == null ? TrainingListener.NONE : listener;
        this.resume = resume;
        this.workers = config.loaderWorkers();
    }

    /** A new run writing to {@code dir} (created if needed; must not hold a run already). */
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

    /**
     * Continues the run in {@code dir} from its last checkpoint, or from its start when it has none
     * yet.
     */
    public static TrainingRun resume(Path dir, TrainingListener listener) throws IOException {
        return resume(dir, listener, Map.of());
    }

    /**
     * As {@link #resume(Path, TrainingListener)}, changing the settings in {@code changes}
     * (config.json names) that can change mid-run ({@link #RESUMABLE_SETTINGS}).
     *
     * @throws IllegalArgumentException naming a setting that cannot change on resume, and why
     * @throws IOException in one line naming config.json when it is missing or damaged
     */
    public static TrainingRun resume(
            Path dir, TrainingListener listener, Map<String, String> changes) throws IOException {
        ObjectNode c = RunDirectory.readConfig(dir);
        TrainingConfig config;
        try {
            config = TrainingConfig.JSON.treeToValue(c.get("training"), TrainingConfig.class);
        } catch (IOException | RuntimeException e) {
            String why =
                    e.getMessage() == null
                            ? e.toString()
                            : e.getMessage().lines().findFirst().orElse("");
            throw new IOException(
                    dir.resolve(RunDirectory.CONFIG)
                            + " is damaged ("
                            + why
                            + "); restore it from a backup or start a new run",
                    e);
        }
        for (Map.Entry<String, String> ch : changes.entrySet()) {
            if (!RESUMABLE_SETTINGS.contains(ch.getKey())) {
                throw new IllegalArgumentException(
                        "--resume cannot change "
                                + ch.getKey()
                                + ": it changes what the remaining steps compute, so the run"
                                + " would no longer be one run; only "
                                + String.join(", ", RESUMABLE_SETTINGS)
                                + " can change on resume (start a new run, or fine-tune with"
                                + " --init "
                                + FullCheckpoint.best(dir)
                                + ")");
            }
            config = config.withField(ch.getKey(), ch.getValue());
        }
        config.validate();
        TrainingRun r = new TrainingRun(config, dir, listener, true);
        JsonNode ck = c.path("checkpoint");
        r.checkpointSteps = ck.path("every_steps").asInt(0);
        r.checkpointMinutes = ck.path("every_minutes").asDouble(DEFAULT_CHECKPOINT_MINUTES);
        return r;
    }

    /**
     * Checkpoints also every {@code steps} optimizer steps and every {@code minutes} minutes within
     * an epoch (0 turns either off), besides every epoch end.
     */
    public TrainingRun checkpointEvery(int steps, double minutes) {
        if (steps < 0 || minutes < 0 || !Double.isFinite(minutes)) {
            throw new IllegalArgumentException(
                    "checkpoint interval must be >= 0 steps and minutes; got "
                            + steps
                            + " steps, "
                            + minutes
                            + " minutes");
        }
        this.checkpointSteps = steps;
        this.checkpointMinutes = minutes;
        return this;
    }

    /**
     * Loads images on {@code n} worker threads ahead of the step instead of the config's {@code
     * workers} (default: the cores); the results do not depend on it.
     *
     * @return this run
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public TrainingRun withWorkers(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("--workers must be at least 1; got " + n);
        }
        this.workers = n;
        return this;
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
            try {
                return run(run, data, log);
            } catch (TrainingDivergedException e) {
                throw e; // recorded as diverged
            } catch (IOException | RuntimeException e) {
                recordFailure(run, e);
                throw e;
            }
        }
    }

    /** Records a failed run in state.json (best effort: the disk may be what failed). */
    private void recordFailure(RunDirectory run, Exception e) {
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        try {
            RunState prev = dev.repmlp.engine.runs.RunRecords.state(dir, config.epochs());
            run.writeState(
                    new RunState(
                            RunStatus.FAILED,
                            prev.epochsDone(),
                            config.epochs(),
                            prev.bestValTop1()),
                    why.lines().findFirst().orElse(why));
        } catch (IOException | RuntimeException ignored) {
            // the failure itself is reported to the caller
        }
    }

    private Result run(RunDirectory run, Path data, Logged log) throws IOException {
        RepMlpNetConfig mc = config.model();
        {
            if (resume) {
                for (Path p : run.removeLeftovers()) {
                    log.line("removed " + p + " (left by an interrupted write)");
                }
            }
            TrainData td = TrainData.load(data, mc.imageSize(), log::line);
            if (resume) {
                checkDataset(run, td, log);
            }
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

    /**
     * On resume: refuses a changed class set, warns about changed image counts, and records the
     * settings changed with --resume in config.json.
     */
    private void checkDataset(RunDirectory run, TrainData td, Logged log) throws IOException {
        ObjectNode c = RunDirectory.readConfig(dir);
        List<String> was = new ArrayList<>();
        c.path("classes").forEach(n -> was.add(n.asText()));
        if (!was.isEmpty() && !was.equals(td.classes())) {
            throw new IllegalArgumentException(
                    "the dataset's classes changed since the run started (was "
                            + was
                            + ", now "
                            + td.classes()
                            + "); a resumed run must train on the same classes: restore the"
                            + " dataset or start a new run (--init "
                            + FullCheckpoint.best(dir)
                            + " to fine-tune)");
        }
        int trainWas = c.path("train_images").asInt(-1);
        int valWas = c.path("val_images").asInt(-1);
        if ((trainWas >= 0 && trainWas != td.trainSize())
                || (valWas >= 0 && valWas != td.valSize())) {
            log.line(
                    String.format(
                            Locale.ROOT,
                            "warning: the dataset changed since the run started (train images %d"
                                    + " -> %d, val images %d -> %d); steps per epoch and the"
                                    + " sample order change from here on",
                            trainWas,
                            td.trainSize(),
                            valWas,
                            td.valSize()));
            c.put("train_images", td.trainSize());
            c.put("val_images", td.valSize());
        }
        c.set("training", TrainingConfig.JSON.valueToTree(config));
        putCheckpoint(c);
        run.writeConfig(c);
    }

    private void putCheckpoint(ObjectNode root) {
        ObjectNode ck = root.putObject("checkpoint");
        ck.put("every_steps", checkpointSteps);
        ck.put("every_minutes", checkpointMinutes);
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
        putCheckpoint(root);
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
        try (NDManager root = NDManager.newBaseManager(devices.get(0));
                Prefetcher loader = new Prefetcher(workers, "train-loader")) {
            RepMlpNet net = new RepMlpNet(mc, false);
            net.initialize(root);
            ParamOptimizer opt = new ParamOptimizer(config, root);
            FullCheckpoint.State start = restore(run, net, opt, root, log);
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
            log.line(
                    String.format(
                            Locale.ROOT,
                            "data: %d loader workers; train images %s, val tensors %s",
                            workers,
                            td.cachesTrain()
                                    ? "cached in memory after the first epoch"
                                    : "streamed",
                            td.cachesVal()
                                    ? "cached in memory after the first validation"
                                    : "streamed"));
            long t0 = System.nanoTime();
            double best = start.bestTop1();
            writeState(run, RunStatus.RUNNING, start.epoch(), best);
            long lastBeat = System.nanoTime();
            long lastCheckpoint = System.nanoTime();
            int stepsSinceCheckpoint = 0;
            for (int epoch = start.epoch(); epoch < config.epochs(); epoch++) {
                long e0 = System.nanoTime();
                int[] order = permutation(td.trainSize(), config.seed(), epoch);
                boolean continued = epoch == start.epoch() && start.step() > 0;
                double lossSum = continued ? start.lossSum() : 0;
                long correct = continued ? start.correct() : 0;
                long seen = continued ? start.seen() : 0;
                int firstStep = epoch == start.epoch() ? start.step() : 0;
                DataTime dataTime = new DataTime();
                try (TrainBatches batches =
                        stepper.batches(
                                loader, order, epoch, firstStep, stepsPerEpoch, log::line)) {
                    for (int step = firstStep; step < stepsPerEpoch; step++) {
                        if (cancelled.get()) {
                            return cancel(
                                    run,
                                    net,
                                    opt,
                                    new FullCheckpoint.State(
                                            epoch, step, best, lossSum, correct, seen),
                                    log);
                        }
                        long s0 = System.nanoTime();
                        double lr = schedule.forStep((long) epoch * stepsPerEpoch + step);
                        TrainStep.Outcome out;
                        try (NDManager sm = root.newSubManager()) {
                            stepper.attach(sm);
                            out = stepper.run(sm, batches, epoch, step, lr);
                            if (ema != null
                                    && Double.isFinite(out.loss())
                                    && Ema.due(config, step)) {
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
                        double waited = batches.takeWaitSeconds();
                        dataTime.add(waited, secs, out.images());
                        StepMetrics sm =
                                new StepMetrics(
                                        epoch,
                                        step,
                                        stepsPerEpoch,
                                        out.loss(),
                                        lr,
                                        out.images() / secs,
                                        (System.nanoTime() - t0) / 1e9,
                                        waited,
                                        secs);
                        run.step(sm);
                        listener.onStep(sm);
                        stepsSinceCheckpoint++;
                        boolean due =
                                (checkpointSteps > 0 && stepsSinceCheckpoint >= checkpointSteps)
                                        || (checkpointMinutes > 0
                                                && System.nanoTime() - lastCheckpoint
                                                        >= checkpointMinutes * 60e9);
                        if (due && step + 1 < stepsPerEpoch) {
                            FullCheckpoint.save(
                                    FullCheckpoint.last(dir),
                                    net,
                                    opt,
                                    new FullCheckpoint.State(
                                            epoch, step + 1, best, lossSum, correct, seen),
                                    config);
                            if (ema != null) {
                                Weights.save(ema.net(), FullCheckpoint.emaFile(dir));
                            }
                            writeState(run, RunStatus.RUNNING, epoch, best);
                            lastCheckpoint = System.nanoTime();
                            lastBeat = lastCheckpoint;
                            stepsSinceCheckpoint = 0;
                        } else if (System.nanoTime() - lastBeat >= HEARTBEAT_SECONDS * 1e9) {
                            writeState(run, RunStatus.RUNNING, epoch, best);
                            lastBeat = System.nanoTime();
                        }
                    }
                }
                dataTime.log(workers, td.unreadable(), log::line);
                lastCheckpoint = System.nanoTime();
                stepsSinceCheckpoint = 0;
                lastBeat = lastCheckpoint;
                int stepsRun = continued ? stepsPerEpoch : stepsPerEpoch - firstStep;
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
            RunDirectory run, RepMlpNet net, ParamOptimizer opt, NDManager root, Logged log)
            throws IOException {
        if (resume) {
            FullCheckpoint.State st = verifiedStart(run, net, opt, root, log);
            run.resumed(st.epoch(), st.step());
            if (st.epoch() == 0 && st.step() == 0) {
                log.line("no checkpoint yet: the run starts again from its beginning");
                if (config.initWeights() != null) {
                    FineTune.loadInitWeights(net, Path.of(config.initWeights()), log::line);
                }
                return st;
            }
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

    /**
     * The verified start of a resumed run: loads checkpoints/last (or, when it is unreadable, the
     * newest readable epoch-NNN checkpoint; or the start); sets aside an unreadable best or
     * epoch-NNN checkpoint; rewrites best from last when a kill fell between the two; and rewrites
     * state.json to match.
     */
    private FullCheckpoint.State verifiedStart(
            RunDirectory run, RepMlpNet net, ParamOptimizer opt, NDManager root, Logged log)
            throws IOException {
        List<Path> candidates = new ArrayList<>();
        candidates.add(FullCheckpoint.last(dir));
        try (var files = Files.list(run.checkpoints())) {
            files.filter(p -> p.getFileName().toString().matches("epoch-\\d+\\.safetensors"))
                    .sorted(java.util.Comparator.reverseOrder())
                    .forEach(candidates::add);
        }
        FullCheckpoint.State st = null;
        Path from = null;
        for (Path p : candidates) {
            if (!Files.isRegularFile(p)) {
                continue;
            }
            try {
                st = FullCheckpoint.load(p, net, opt, root);
                from = p;
                break;
            } catch (IOException | RuntimeException e) {
                setAside(p, e, log);
            }
        }
        if (st == null) {
            st = new FullCheckpoint.State(0, 0, Double.NaN);
        } else if (!from.equals(FullCheckpoint.last(dir))) {
            AtomicFiles.copy(from, FullCheckpoint.last(dir));
            log.line("resuming from " + from + " (checkpoints/last was unreadable)");
        }
        Path best = FullCheckpoint.best(dir);
        double bestOnDisk = Double.NaN;
        if (Files.isRegularFile(best)) {
            try {
                bestOnDisk = FullCheckpoint.position(best).bestTop1();
            } catch (IOException | RuntimeException e) {
                setAside(best, e, log);
            }
        }
        boolean bestBehind =
                Double.isFinite(st.bestTop1())
                        && (Double.isNaN(bestOnDisk) || st.bestTop1() > bestOnDisk);
        if (bestBehind && st.step() == 0 && from != null) {
            // last was written at the end of the epoch that set the new best, and the kill came
            // before best: last holds exactly that epoch's weights
            AtomicFiles.copy(from, best);
            log.line("repaired " + best + " from " + from + " (the run stopped between the two)");
        }
        if (st.step() == 0
                && st.epoch() > 0
                && config.saveEvery() > 0
                && st.epoch() % config.saveEvery() == 0
                && from != null
                && !Files.isRegularFile(FullCheckpoint.epoch(dir, st.epoch()))) {
            AtomicFiles.copy(from, FullCheckpoint.epoch(dir, st.epoch()));
        }
        run.writeState(new RunState(RunStatus.RUNNING, st.epoch(), config.epochs(), st.bestTop1()));
        return st;
    }

    /** Renames a damaged checkpoint to NAME.damaged and says so. */
    private static void setAside(Path p, Exception e, Logged log) throws IOException {
        Path aside = p.resolveSibling(p.getFileName() + ".damaged");
        Files.move(p, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        log.line("warning: " + p + " is unreadable (" + e.getMessage() + "); moved to " + aside);
    }

    /** Saves where the run stopped and records it as cancelled. */
    private Result cancel(
            RunDirectory run,
            RepMlpNet net,
            ParamOptimizer opt,
            FullCheckpoint.State at,
            Logged log)
            throws IOException {
        int epoch = at.epoch();
        int step = at.step();
        double best = at.bestTop1();
        FullCheckpoint.save(FullCheckpoint.last(dir), net, opt, at, config);
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
        run.writeState(
                new RunState(RunStatus.DIVERGED, epoch, config.epochs(), best),
                String.format(Locale.ROOT, "loss %s at epoch %d step %d", loss, epoch, step));
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
        double emaTop1 = Double.NaN;
        if (ema != null && validate) {
            double[] ev = validate(ema.net(), td, root);
            emaTop1 = ev[1];
            log.line(String.format(Locale.ROOT, "EMA weights: val top-1 %.2f", ev[1]));
        }
        // order: metrics record, last, best, epoch-NNN, state.json (each atomic); a kill between
        // any two leaves files that resume repairs (see verifiedStart)
        run.epoch(em, emaTop1);
        FullCheckpoint.save(FullCheckpoint.last(dir), net, opt, epoch + 1, 0, best, config);
        if (ema != null) {
            Weights.save(ema.net(), FullCheckpoint.emaFile(dir));
        }
        if (isBest) {
            AtomicFiles.copy(FullCheckpoint.last(dir), FullCheckpoint.best(dir));
        }
        if (config.saveEvery() > 0 && (epoch + 1) % config.saveEvery() == 0) {
            AtomicFiles.copy(FullCheckpoint.last(dir), FullCheckpoint.epoch(dir, epoch + 1));
        }
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
     * Validation loss, top-1 and top-5 in eval mode on the val split, streamed, through {@link
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
        return Evaluator.evaluate(
                net,
                null,
                td.valSamples(),
                config.model().imageSize(),
                VAL_BATCH,
                root,
                null,
                observer,
                workers);
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
