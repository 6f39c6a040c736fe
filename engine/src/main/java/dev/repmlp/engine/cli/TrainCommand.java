package dev.repmlp.engine.cli;

import dev.repmlp.engine.Assets;
import dev.repmlp.engine.data.ImageFolder;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.RepMlpNetPresets;
import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunStatus;
import dev.repmlp.engine.runs.RunsHome;
import dev.repmlp.engine.runs.StepMetrics;
import dev.repmlp.engine.train.Recipe;
import dev.repmlp.engine.train.ScheduleCheck;
import dev.repmlp.engine.train.TrainingConfig;
import dev.repmlp.engine.train.TrainingListener;
import dev.repmlp.engine.train.TrainingRun;
import dev.repmlp.engine.train.ValidationProgress;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

// Over 500 lines: most of it is the picocli option table (each option with the help text a
// lab-server
// user reads) and the rules for which options --resume may change; the training itself lives in
// train.TrainingRun. Splitting the options into mixins would scatter one command's help.
/** {@code repmlp train}: upstream's training recipe on an ImageFolder dataset. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains RepMLPNet on an ImageFolder dataset (DATA/train/<class>/*, DATA/val/<class>/*)"
                    + " with upstream's recipe, writing a run directory (config.json,"
                    + " metrics.jsonl, log.txt, checkpoints/, model-train.pth, model-deploy.pth).",
            "Without --data it trains RepMLPNet-Demo on the bundled Fashion-MNIST subset.",
            "Ctrl-C stops after the current step and keeps a checkpoint; --resume continues.",
            "With --slurm it writes the run directory and its batch script slurm.sh, submits it"
                    + " with sbatch and prints the job id (--wait: follows the job and exits with"
                    + " its status); --resume of a Slurm run submits it again."
        })
class TrainCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "Dataset root.")
    Path data;

    @ArgGroup(exclusive = true)
    Arch arch;

    static final class Arch {
        @Option(
                names = {"-a", "--arch"},
                paramLabel = "NAME",
                description = "Preset name.")
        String name;

        @Option(names = "--config", paramLabel = "FILE", description = "Custom model JSON.")
        Path config;
    }

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs.")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "B", description = "Images per step and device.")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "LR", description = "Base LR per 256 images (scaled).")
    Double lr;

    @Option(names = "--img-size", paramLabel = "R", description = "Input resolution.")
    Integer imgSize;

    @Option(
            names = "--out",
            paramLabel = "RUNS_DIR",
            description =
                    "Folder of runs (default: $REPMLP_RUNS, else repmlp-runs in the home folder;"
                            + " the window's default too).")
    Path out;

    /** {@code --out}, else the default runs folder shared with the window ({@link RunsHome}). */
    Path runsFolder() {
        return out != null ? out : RunsHome.defaultFolder();
    }

    @Option(names = "--name", paramLabel = "NAME", description = "Run name (default: preset-time).")
    String name;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue this run.")
    Path resume;

    @Option(
            names = "--init",
            paramLabel = "WEIGHTS",
            description =
                    "Start from train-time weights (fine-tuning; a new head if classes differ).")
    Path init;

    @Option(names = "--device", paramLabel = "DEV", description = "cpu, gpu or gpu:0,1.")
    String device;

    @Option(names = "--seed", paramLabel = "S", description = "Seed.")
    Long seed;

    @Option(
            names = "--recipe",
            paramLabel = "NAME",
            description =
                    "Training recipe: upstream (the paper's ImageNet recipe), small (small"
                            + " datasets, short runs) or finetune (from --init weights). Default:"
                            + " chosen from the dataset size, the epochs and --init; explicit"
                            + " options and --set always win.")
    String recipe;

    @Option(
            names = "--skip-checks",
            description =
                    "Start even when the schedule checks find an error (e.g. a warmup as long as"
                            + " the run).")
    boolean skipChecks;

    @Option(
            names = "--checkpoint-minutes",
            paramLabel = "M",
            description =
                    "Also checkpoint every M minutes within an epoch, so that a killed run loses"
                            + " at most M minutes (0 = only at epoch ends; default: 10).")
    Double checkpointMinutes;

    @Option(
            names = "--checkpoint-steps",
            paramLabel = "N",
            description = "Also checkpoint every N steps within an epoch (default: 0 = off).")
    Integer checkpointSteps;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description =
                    "Threads that decode and augment the next batches while a step runs (default,"
                            + " or 0: the cores). Results do not depend on it; it may change on"
                            + " --resume.")
    Integer workers;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "Any training setting by its config.json name, e.g. --set mixup=0.2"
                            + " --set model.num_class=10.")
    Map<String, String> sets = new LinkedHashMap<>();

    @Mixin SlurmOptions slurm = new SlurmOptions();

    @Option(
            names = "--run-dir",
            paramLabel = "DIR",
            description =
                    "Write the run into exactly this folder (instead of --out/--name); it must not"
                            + " hold a run yet.")
    Path runDir;

    /** Set in a Slurm job's command: run here even though the run directory has a Slurm job. */
    @Option(names = "--slurm-job", hidden = true)
    boolean slurmJob;

    @Override
    public Integer call() throws Exception {
        Integer submitted = SlurmTrain.submitIfAsked(this);
        if (submitted != null) {
            return submitted;
        }
        PrintWriter outw = spec.commandLine().getOut();
        Progress progress = new Progress(outw);
        TrainingRun withListener;
        if (resume != null) {
            withListener = TrainingRun.resume(resume, progress, resumeChanges());
            if (checkpointSteps != null || checkpointMinutes != null) {
                withListener.checkpointEvery(
                        checkpointSteps != null ? checkpointSteps : 0,
                        checkpointMinutes != null
                                ? checkpointMinutes
                                : TrainingRun.DEFAULT_CHECKPOINT_MINUTES);
            }
        } else {
            TrainingConfig cfg = baseConfig();
            Path dir;
            if (runDir != null) {
                dir = runDir;
            } else {
                String wanted = runName(cfg);
                dir = RunDirectory.claimFresh(runsFolder(), wanted);
                if (name != null && !dir.getFileName().toString().equals(wanted)) {
                    outw.printf(
                            "run name %s is taken in %s; this run is %s%n",
                            wanted, runsFolder(), dir.getFileName());
                }
            }
            withListener = TrainingRun.create(cfg, dir, progress).withRecipe(recipeChoice);
            withListener.checkpointEvery(
                    checkpointSteps != null ? checkpointSteps : 0,
                    checkpointMinutes != null
                            ? checkpointMinutes
                            : TrainingRun.DEFAULT_CHECKPOINT_MINUTES);
        }
        progress.epochs = withListener.config().epochs();
        outw.printf("run directory: %s%n", withListener.dir());
        outw.flush();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook =
                new Thread(
                        () -> {
                            withListener.cancel();
                            try {
                                done.await(120, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            TrainingRun.Result r = withListener.run();
            progress.finish();
            outw.printf(
                    Locale.ROOT,
                    "%s after %d epoch(s); best val top-1 %.2f%%; run: %s%n",
                    r.status().label(),
                    r.epochsDone(),
                    r.bestTop1(),
                    r.dir());
            return r.status() == RunStatus.COMPLETED ? 0 : 130;
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting because of Ctrl-C: the hook is running
            }
        }
    }

    /**
     * The settings given with --resume, by config.json name; options that would change what the
     * remaining steps compute are refused with the reason.
     */
    private Map<String, String> resumeChanges() {
        Map<String, String> refused = new LinkedHashMap<>();
        if (data != null) {
            refused.put("--data", "the run trains on the dataset recorded in its config.json");
        }
        if (arch != null) {
            refused.put("--arch/--config", "the checkpoint holds that architecture's weights");
        }
        if (batchSize != null || lr != null || imgSize != null || seed != null || recipe != null) {
            refused.put(
                    "--batch-size/--lr/--img-size/--seed/--recipe",
                    "they change what the remaining steps compute");
        }
        if (init != null) {
            refused.put("--init", "a resumed run continues from its own checkpoint");
        }
        if (!refused.isEmpty()) {
            Map.Entry<String, String> first = refused.entrySet().iterator().next();
            throw new IllegalArgumentException(
                    "--resume cannot take "
                            + first.getKey()
                            + ": "
                            + first.getValue()
                            + "; with --resume only --epochs, --device, --checkpoint-minutes,"
                            + " --checkpoint-steps, --workers and --set"
                            + " epochs/device/save_every/val_every/workers"
                            + " apply (start a new run for other changes)");
        }
        Map<String, String> changes = new LinkedHashMap<>(sets);
        if (epochs != null) {
            changes.put("epochs", epochs.toString());
        }
        if (device != null) {
            changes.put("device", device);
        }
        if (workers != null) {
            changes.put("workers", workers.toString());
        }
        return changes;
    }

    /** The recipe this run uses and why (set by {@link #baseConfig}). */
    Recipe.Choice recipeChoice;

    TrainingConfig baseConfig() throws java.io.IOException {
        PrintWriter outw = spec.commandLine().getOut();
        RepMlpNetConfig model = null;
        if (arch != null) {
            model =
                    arch.name != null
                            ? RepMlpNetPresets.get(arch.name)
                            : RepMlpNetConfig.readJson(arch.config);
        }
        boolean demo = model == null || RepMlpNetPresets.isDemo(model);
        TrainingConfig base = demo ? TrainingConfig.demo() : TrainingConfig.upstream(model);
        TrainingConfig.Builder b = base.toBuilder();
        if (data != null) {
            b.dataPath(data.toAbsolutePath().toString());
        }
        if (imgSize != null) {
            b.model(base.model().withImageSize(imgSize));
        }
        if (init != null) {
            b.initWeights(init.toAbsolutePath().toString());
        }
        TrainingConfig cfg = b.build();
        // what the user said explicitly wins over any recipe
        Map<String, String> explicit = new LinkedHashMap<>();
        if (epochs != null) {
            explicit.put("epochs", epochs.toString());
        }
        if (batchSize != null) {
            explicit.put("batch_size", batchSize.toString());
        }
        if (lr != null) {
            explicit.put("base_lr", lr.toString());
        }
        if (device != null) {
            explicit.put("device", device);
        }
        if (seed != null) {
            explicit.put("seed", seed.toString());
        }
        if (workers != null) {
            explicit.put("workers", workers.toString());
        }
        explicit.putAll(sets);
        ScheduleCheck.Data facts = datasetFacts(data, outw);
        Integer askedEpochs = epochs != null ? epochs : intOrNull(sets.get("epochs"));
        if (recipe != null) {
            Recipe r = Recipe.of(recipe);
            recipeChoice = new Recipe.Choice(r, "chosen with --recipe " + r.id());
        } else if (demo && data == null) {
            recipeChoice =
                    new Recipe.Choice(
                            Recipe.SMALL,
                            "the demo (RepMLPNet-Demo on the bundled" + " Fashion-MNIST subset)");
        } else {
            recipeChoice = Recipe.choose(facts.trainImages(), askedEpochs, init != null);
        }
        cfg = recipeChoice.recipe().apply(cfg, explicit);
        cfg.validate();
        outw.printf("recipe: %s (%s)%n", recipeChoice.recipe().id(), recipeChoice.reason());
        List<ScheduleCheck.Finding> findings =
                ScheduleCheck.check(cfg, facts, recipeChoice.recipe());
        for (ScheduleCheck.Finding f : findings) {
            outw.println(f);
        }
        outw.flush();
        if (ScheduleCheck.hasErrors(findings) && !skipChecks) {
            throw new IllegalArgumentException(
                    "the training plan cannot work (see the error above); fix it, or start anyway"
                            + " with --skip-checks");
        }
        return cfg;
    }

    private static Integer intOrNull(String v) {
        try {
            return v == null ? null : Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Images and classes of DATA/train, when they can be counted (0 = unknown), with a progress
     * line every 100,000 images (a 1.28M-image folder takes seconds).
     */
    private static ScheduleCheck.Data datasetFacts(Path data, PrintWriter out) {
        Path root = data != null ? data : Assets.locate(Assets.DEMO_DATASET).orElse(null);
        if (root == null) {
            return new ScheduleCheck.Data(0, 0);
        }
        Path dir = root.resolve("train");
        try {
            ImageFolder train =
                    ImageFolder.scan(
                            dir,
                            n -> {
                                if (n % 100_000 == 0) {
                                    out.printf(
                                            Locale.ROOT,
                                            "counting the images of %s: %,d so far%n",
                                            dir,
                                            n);
                                    out.flush();
                                }
                            });
            return new ScheduleCheck.Data(train.size(), train.classes().size());
        } catch (java.io.IOException | RuntimeException e) {
            return new ScheduleCheck.Data(0, 0); // the run itself reports a bad dataset
        }
    }

    String runName(TrainingConfig cfg) {
        return name != null ? name : RunDirectory.defaultName(cfg.model().name());
    }

    /** Terminal progress: a bar with images/s and ETA, and a summary line per epoch. */
    static final class Progress implements TrainingListener {
        private final PrintWriter out;
        private int epochs;
        private final boolean tty = System.console() != null;
        private int lastDecile = -1;

        Progress(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void onStep(StepMetrics m) {
            int done = m.step() + 1;
            double frac = (double) done / m.stepsPerEpoch();
            double eta = (m.stepsPerEpoch() - done) * stepSeconds(m);
            String line =
                    String.format(
                            Locale.ROOT,
                            "epoch %d/%d %s %d/%d loss %.4f lr %.2e %.0f img/s%s ETA %s",
                            m.epoch() + 1,
                            epochs,
                            bar(frac),
                            done,
                            m.stepsPerEpoch(),
                            m.loss(),
                            m.lr(),
                            m.imagesPerSec(),
                            Double.isFinite(m.dataShare())
                                    ? String.format(
                                            Locale.ROOT, " data %.0f%%", 100 * m.dataShare())
                                    : "",
                            clock(eta));
            if (tty) {
                out.print("\r" + line);
                out.flush();
            } else {
                int decile = (int) (frac * 10);
                if (decile != lastDecile) {
                    lastDecile = decile;
                    out.println(line);
                    out.flush();
                }
            }
        }

        @Override
        public void onEpoch(EpochMetrics m) {
            // the run logs its own epoch summary line (onLog); start the next bar afresh
            lastDecile = -1;
            lastValDecile = -1;
        }

        private int lastValDecile = -1;

        @Override
        public void onValidation(ValidationProgress p) {
            double frac = p.total() == 0 ? 1 : (double) p.images() / p.total();
            double ips = p.imagesPerSec();
            double eta = ips > 0 ? (p.total() - p.images()) / ips : Double.NaN;
            String line =
                    String.format(
                            Locale.ROOT,
                            "validating epoch %d/%d%s %s %d/%d images %.0f img/s ETA %s",
                            p.epoch() + 1,
                            epochs,
                            p.label(),
                            bar(frac),
                            p.images(),
                            p.total(),
                            ips,
                            Double.isFinite(eta) ? clock(eta) : "--:--");
            if (tty) {
                out.print("\r" + line);
                out.flush();
            } else {
                int decile = (int) (frac * 10);
                if (decile != lastValDecile) {
                    lastValDecile = decile;
                    out.println(line);
                    out.flush();
                }
            }
        }

        @Override
        public void onLog(String line) {
            if (tty) {
                out.print("\r");
            }
            out.println(line);
            out.flush();
        }

        private double lastTime = -1;
        private double avgStep = 0;

        /** Smoothed seconds per step from the step timestamps. */
        private double stepSeconds(StepMetrics m) {
            if (lastTime >= 0 && m.time() > lastTime) {
                double dt = m.time() - lastTime;
                avgStep = avgStep == 0 ? dt : 0.9 * avgStep + 0.1 * dt;
            }
            lastTime = m.time();
            return avgStep;
        }

        void finish() {
            out.flush();
        }

        private static String bar(double frac) {
            int width = 20;
            int full = (int) Math.round(frac * width);
            return "[" + "=".repeat(full) + " ".repeat(width - full) + "]";
        }

        private static String clock(double secs) {
            long s = Math.max(0, Math.round(secs));
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
    }
}
