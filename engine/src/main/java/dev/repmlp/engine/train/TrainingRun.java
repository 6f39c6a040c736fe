package dev.repmlp.engine.train;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repmlp.engine.EngineInfo;
import dev.repmlp.engine.OutOfMemory;
import dev.repmlp.engine.data.ImageDecoder;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunState;
import dev.repmlp.engine.runs.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 *
 * <p>This class owns the run's life (create or resume, dataset checks, config.json, the failure
 * record); the epochs run in {@link EpochLoop}, checkpoints are read and written by {@link
 * RunCheckpoints}, and validation goes through {@link Validation}.
 */
public final class TrainingRun {

    /**
     * @param dir the run directory
     * @param status how it ended: {@link RunStatus#COMPLETED} or {@link RunStatus#CANCELLED}
     * @param epochsDone completed epochs
     * @param bestTop1 best validation top-1 (NaN if never validated)
     */
    public record Result(Path dir, RunStatus status, int epochsDone, double bestTop1) {}

    /** Default minutes between step checkpoints. */
    public static final double DEFAULT_CHECKPOINT_MINUTES = 10;

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
            String why = RunDirectory.firstLine(e);
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

    /** Set once the checks pass and the epochs begin; a failure before that is a refusal. */
    private boolean trainingStarted;

    /** Runs to the end (or until cancelled). */
    public Result run() throws IOException {
        Path data = config.dataPath() == null ? DemoDataset.require() : Path.of(config.dataPath());
        try (RunDirectory run = RunDirectory.open(dir)) {
            RunLog log = new RunLog(run, listener);
            try {
                return run(run, data, log);
            } catch (TrainingDivergedException e) {
                throw e; // recorded as diverged
            } catch (IOException | RuntimeException e) {
                if (!resume || trainingStarted) {
                    // a resume refused before its first step (dataset changed or gone) leaves
                    // the run as it was: still completed or interrupted, resumable once fixed
                    recordFailure(run, e);
                }
                throw e;
            } catch (OutOfMemoryError e) {
                // the stack is unwound, so the batch that filled the heap is garbage by now
                IllegalStateException failure =
                        new IllegalStateException(OutOfMemory.describe(e), e);
                recordFailure(run, failure);
                throw failure;
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

    /**
     * Checks the dataset against the model (and, on resume, against the run), records config.json
     * for a new run, then runs the {@link EpochLoop}.
     */
    private Result run(RunDirectory run, Path data, RunLog log) throws IOException {
        RepMlpNetConfig mc = config.model();
        if (resume) {
            for (Path p : run.removeLeftovers()) {
                log.line("removed " + p + " (left by an interrupted write)");
            }
        }
        TrainData td = TrainData.load(data, mc.imageSize(), log::line);
        log.line("JPEG decoder: " + ImageDecoder.jpegDecoder());
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
        trainingStarted = true;
        return new EpochLoop(
                        config,
                        run,
                        td,
                        listener,
                        log,
                        cancelled,
                        checkpointSteps,
                        checkpointMinutes,
                        workers)
                .train(resume);
    }

    /**
     * On resume: refuses a changed class set, warns about changed image counts, and records the
     * settings changed with --resume in config.json.
     */
    private void checkDataset(RunDirectory run, TrainData td, RunLog log) throws IOException {
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
}
