package dev.repmlp.app.training;

import dev.repmlp.app.charts.RunCurves;
import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.FxBatcher;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.concurrent.JobTask;
import dev.repmlp.app.concurrent.UiThread;
import dev.repmlp.app.tracking.RunsFolder;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunRecords;
import dev.repmlp.engine.runs.RunStatus;
import dev.repmlp.engine.runs.RunSummary;
import dev.repmlp.engine.train.ConfigFile;
import dev.repmlp.engine.train.DemoDataset;
import dev.repmlp.engine.train.FullCheckpoint;
import dev.repmlp.engine.train.Recipe;
import dev.repmlp.engine.train.ScheduleCheck;
import dev.repmlp.engine.train.TrainingConfig;
import dev.repmlp.engine.train.TrainingRun;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * State and actions of the Train page: the launch form (every {@link TrainingConfig} setting,
 * validated as typed), the dataset check, and one training run at a time with its live curves,
 * progress and log. The run executes as a job; its reports are batched onto the FX thread at most
 * ten times a second ({@link FxBatcher}), the rest delivered when the job ends. FX thread only.
 *
 * <p>Size (about 620 lines): the run itself is watched by {@link RunMonitor}; what remains is the
 * launch form's state (presets, config files, validation across form and dataset, run name and
 * destination) and Resume, plus one-line accessors that hand the view the monitor's properties.
 * Resume (choosing and finding a resumable run) is the next seam to split off.
 */
public final class TrainViewModel {
    /** The preset list's last entry: load a JSON config file instead. */
    public static final String CUSTOM = "Custom JSON config...";

    /** Pseudo field keys of the run section (not training settings). */
    public static final String RUN_NAME = "run_name";

    public static final String RUNS_FOLDER = "runs_folder";

    private final JobRunner jobRunner;
    private final RunsFolder runsFolder;
    private final LaunchForm form;
    private final DatasetViewModel dataset;
    private final ObservableList<String> presets = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper preset = new ReadOnlyStringWrapper(this, "preset");
    private final ReadOnlyStringWrapper configSource =
            new ReadOnlyStringWrapper(this, "configSource", "");
    private final StringProperty runName = new SimpleStringProperty(this, "runName", "");
    private final StringProperty runsFolderText =
            new SimpleStringProperty(this, "runsFolderText", "");
    private final ObservableList<Problem> problems = FXCollections.observableArrayList();
    private final ObservableList<Problem> problemsView =
            FXCollections.unmodifiableObservableList(problems);
    private final ObservableMap<String, String> fieldErrors = FXCollections.observableHashMap();
    private final ObservableMap<String, String> fieldErrorsView =
            FXCollections.unmodifiableObservableMap(fieldErrors);
    private final ReadOnlyObjectWrapper<TrainingConfig> config =
            new ReadOnlyObjectWrapper<>(this, "config");
    private final ReadOnlyStringWrapper effectiveLr =
            new ReadOnlyStringWrapper(this, "effectiveLr", "");
    private final ReadOnlyStringWrapper destination =
            new ReadOnlyStringWrapper(this, "destination", "");
    private final ReadOnlyIntegerWrapper numClassFix =
            new ReadOnlyIntegerWrapper(this, "numClassFix", -1);
    private final ReadOnlyObjectWrapper<Path> resumeTarget =
            new ReadOnlyObjectWrapper<>(this, "resumeTarget");
    private final ReadOnlyStringWrapper resumeText =
            new ReadOnlyStringWrapper(this, "resumeText", "");
    private final RunMonitor monitor;
    private final TrainingPlan plan = new TrainingPlan();
    private final BooleanBinding canStart;
    private final SlurmLaunchViewModel slurmLaunch;
    private boolean autoName = true;
    private boolean resuming;
    private boolean settingName;
    private TrainingJob job;

    /**
     * Remembers the "run on" choice and the Slurm resource fields across restarts in {@code prefs}
     * (the app passes {@link SlurmLaunchViewModel#userPreferences()}).
     */
    public void rememberSettings(java.util.prefs.Preferences prefs) {
        slurmLaunch.remember(prefs);
    }

    /** The app's wiring: the demo preset on the bundled demo dataset. */
    public TrainViewModel(JobRunner jobRunner, RunsFolder runsFolder) {
        this(jobRunner, runsFolder, DemoDataset::locate, UiThread.fx());
    }

    /**
     * @param jobRunner runs training, dataset scans and file reads
     * @param runsFolder where new runs go (shared with the Runs page)
     * @param defaultDataset the dataset the form starts with
     */
    public TrainViewModel(
            JobRunner jobRunner, RunsFolder runsFolder, Supplier<Optional<Path>> defaultDataset) {
        this(jobRunner, runsFolder, defaultDataset, UiThread.fx());
    }

    /**
     * @param ui where the run's reports are applied ({@link RunMonitor})
     */
    public TrainViewModel(
            JobRunner jobRunner,
            RunsFolder runsFolder,
            Supplier<Optional<Path>> defaultDataset,
            UiThread ui) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
        this.monitor = new RunMonitor(ui, this::started, runsFolder::touch);
        this.runsFolder = Objects.requireNonNull(runsFolder, "runsFolder");
        presets.addAll(RepMlpNetConfig.presets().keySet());
        presets.add(CUSTOM);
        String data =
                defaultDataset.get().map(p -> p.toAbsolutePath().normalize().toString()).orElse("");
        TrainingConfig initial = TrainingConfig.demo().withField(LaunchFields.DATA_PATH, data);
        form = new LaunchForm(initial);
        dataset = new DatasetViewModel(jobRunner);
        preset.set(initial.model().name());
        plan.followed(new Recipe.Choice(Recipe.SMALL, "the demo's recipe"), false);
        configSource.set(describeRecipe(initial.model().name()));
        setAutoName();
        runsFolderText.set(runsFolder.getPath().toString());

        for (FormField f : LaunchFields.ALL) {
            form.text(f.key()).addListener((obs, old, value) -> revalidate());
        }
        form.text(LaunchFields.DATA_PATH).addListener((obs, old, value) -> dataset.request(value));
        dataset.scanningProperty().addListener((obs, old, value) -> revalidate());
        dataset.classCountProperty().addListener((obs, old, value) -> revalidate());
        dataset.trainImagesProperty().addListener((obs, old, value) -> revalidate());
        dataset.problems()
                .addListener((javafx.collections.ListChangeListener<String>) c -> revalidate());
        runName.addListener(
                (obs, old, value) -> {
                    if (!settingName) {
                        autoName = false;
                    }
                    revalidate();
                });
        runsFolderText.addListener((obs, old, value) -> runsFolderEdited(value));
        runsFolder
                .pathProperty()
                .addListener(
                        (obs, old, path) -> {
                            if (!pathOf(runsFolderText.get()).equals(Optional.of(path))) {
                                runsFolderText.set(path.toString());
                            }
                        });
        resumeTarget.addListener((obs, old, value) -> describeResumeTarget());
        canStart =
                Bindings.createBooleanBinding(
                        () -> problems.isEmpty() && !isRunning(),
                        problems,
                        monitor.runningProperty());
        describeResumeTarget();
        revalidate();
        dataset.scanNow(data);
        findResumable();
        slurmLaunch = SlurmLaunchViewModel.system(jobRunner);
        javafx.beans.InvalidationListener toSlurm = obs -> updateSlurmLaunch();
        config.addListener(toSlurm);
        runName.addListener(toSlurm);
        runsFolder.pathProperty().addListener(toSlurm);
        plan.recipeProperty().addListener(toSlurm);
        problems.addListener(toSlurm);
        updateSlurmLaunch();
    }

    private void updateSlurmLaunch() {
        Recipe r = plan.recipeProperty().get();
        slurmLaunch.update(
                problems.isEmpty() ? config.get() : null,
                r == null ? "" : r.id(),
                runsFolder.getPath(),
                runName.get());
    }

    // ---- presets and config files

    /** Fills the form with the recipe of preset {@code name}; the dataset stays. */
    public void selectPreset(String name) {
        if (CUSTOM.equals(name) || isRunning()) {
            return;
        }
        RepMlpNetConfig model = RepMlpNetConfig.preset(name);
        boolean demo = model.name().equals(RepMlpNetConfig.demo().name());
        TrainingConfig base = demo ? TrainingConfig.demo() : TrainingConfig.upstream(model);
        String init = form.text("init_weights").get();
        Recipe.Choice choice =
                plan.choiceFor(demo, dataset.getTrainImages(), init != null && !init.isBlank());
        loadKeepingData(choice.recipe().apply(base, Map.of("save_every", "" + base.saveEvery())));
        plan.followed(choice, false);
        preset.set(model.name());
        configSource.set(describeRecipe(model.name()));
    }

    /**
     * Fills the recipe's settings ({@link Recipe}) into the form; the model, the dataset, the
     * epochs and everything the recipe does not name stay as they are.
     */
    public void applyRecipe(String id) {
        if (isRunning() || id == null) {
            return;
        }
        Recipe recipe = Recipe.of(id);
        TrainingConfig current = form.parse().config();
        if (current == null) {
            return; // the form has errors: fix them first
        }
        loadKeepingData(recipe.apply(current, Map.of("epochs", "" + current.epochs())));
        plan.followed(new Recipe.Choice(recipe, "chosen on this page"), true);
    }

    /**
     * Loads a JSON file (a run's config.json, a training config, or a model config with upstream's
     * argument names) into the form, off the FX thread.
     */
    public void loadConfigFile(Path file) {
        JobTask<TrainingConfig> task =
                new JobTask<>("Reading " + file.getFileName(), context -> ConfigFile.read(file));
        task.setOnSucceeded(
                event -> {
                    TrainingConfig c = task.getValue();
                    loadKeepingData(c);
                    preset.set(CUSTOM);
                    configSource.set("From " + file.getFileName() + " (" + c.model().name() + ")");
                });
        task.setOnFailed(
                event ->
                        configSource.set(
                                "Could not load "
                                        + file.getFileName()
                                        + ": "
                                        + Failures.describe(task.getException())));
        jobRunner.submit(task.getTitle(), task);
    }

    private void loadKeepingData(TrainingConfig c) {
        form.load(c.withField(LaunchFields.DATA_PATH, form.text(LaunchFields.DATA_PATH).get()));
        if (autoName) {
            setAutoName();
        }
    }

    private String describeRecipe(String model) {
        return "Recipe '"
                + plan.recipeProperty().get().id()
                + "' ("
                + plan.reasonProperty().get()
                + ")"
                + (model.equals(RepMlpNetConfig.demo().name()) ? "; the demo model" : "");
    }

    /** Sets num_class to the dataset's class count (the quick fix of a class mismatch). */
    public void fixNumClass() {
        if (numClassFix.get() > 0) {
            form.text(LaunchFields.NUM_CLASS).set(Integer.toString(numClassFix.get()));
        }
    }

    // ---- validation

    private void runsFolderEdited(String text) {
        try {
            if (text != null && !text.isBlank()) {
                runsFolder.setPath(Path.of(text.strip()));
            }
        } catch (InvalidPathException e) {
            // reported by revalidate
        }
        revalidate();
        findResumable();
    }

    private static Optional<Path> pathOf(String text) {
        try {
            return text == null || text.isBlank()
                    ? Optional.empty()
                    : Optional.of(Path.of(text.strip()).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private void revalidate() {
        LaunchForm.Parsed parsed = form.parse();
        List<Problem> all = new ArrayList<>(parsed.problems());
        TrainingConfig c = parsed.config();
        int fix = -1;
        if (dataset.isScanning()) {
            all.add(Problem.of(LaunchFields.DATA_PATH, "Checking the dataset..."));
        } else {
            for (String p : dataset.problems()) {
                all.add(Problem.of(LaunchFields.DATA_PATH, p));
            }
            int classes = dataset.getClassCount();
            if (c != null && classes > 0 && c.model().numClass() != classes) {
                fix = classes;
                all.add(
                        Problem.of(
                                LaunchFields.NUM_CLASS,
                                "The dataset has "
                                        + classes
                                        + " classes but num_class is "
                                        + c.model().numClass()
                                        + "; set num_class to "
                                        + classes));
            }
        }
        if (c != null
                && c.initWeights() != null
                && !Files.isRegularFile(Path.of(c.initWeights()))) {
            all.add(Problem.of("init_weights", "init_weights: file not found: " + c.initWeights()));
        }
        String name = runName.get() == null ? "" : runName.get().strip();
        if (name.isEmpty()) {
            all.add(Problem.of(RUN_NAME, "Run name: enter a name for the run folder"));
        } else if (!name.matches("[^/\\\\:*?\"<>|]+") || name.equals(".") || name.equals("..")) {
            all.add(
                    Problem.of(
                            RUN_NAME,
                            "Run name: use a plain folder name without / \\ : * ? \" < > |"));
        }
        Path folder = null;
        try {
            String text = runsFolderText.get() == null ? "" : runsFolderText.get().strip();
            if (text.isEmpty()) {
                all.add(Problem.of(RUNS_FOLDER, "Runs folder: choose where runs are written"));
            } else {
                folder = Path.of(text).toAbsolutePath().normalize();
            }
        } catch (InvalidPathException e) {
            all.add(Problem.of(RUNS_FOLDER, "Runs folder: not a valid path"));
        }
        for (ScheduleCheck.Finding f :
                plan.update(c, dataset.getTrainImages(), dataset.getClassCount())) {
            all.add(Problem.of(f.setting(), f.message()));
        }
        config.set(c);
        numClassFix.set(fix);
        effectiveLr.set(c == null ? "" : LaunchForm.describeLr(c));
        destination.set(describeDestination(folder, name));
        problems.setAll(all);
        Map<String, String> errors = new LinkedHashMap<>();
        for (Problem p : all) {
            for (String f : p.fields()) {
                errors.merge(f, p.message(), (a, b) -> a + "\n" + b);
            }
        }
        fieldErrors.keySet().retainAll(errors.keySet());
        fieldErrors.putAll(errors);
    }

    private static String describeDestination(Path folder, String name) {
        if (folder == null || name.isEmpty()) {
            return "";
        }
        try {
            Path dir = folder.resolve(name);
            if (Files.exists(dir)) {
                return "Writes to " + RunDirectory.unique(folder, name) + " (" + name + " exists)";
            }
            return "Writes to " + dir;
        } catch (InvalidPathException e) {
            return "";
        }
    }

    private void setAutoName() {
        String model = form.text("model.name").get();
        settingName = true;
        try {
            runName.set(
                    RunDirectory.defaultName(
                            model == null || model.isBlank() ? "run" : model.strip()));
        } finally {
            settingName = false;
        }
        autoName = true;
    }

    // ---- runs

    /** Starts a new run with the form's settings. */
    public void start() {
        if (!canStart.get()) {
            return;
        }
        if (slurmLaunch.isOnSlurm()) {
            updateSlurmLaunch();
            slurmLaunch.start(runsFolder::touch);
            return;
        }
        TrainingConfig cfg = config.get();
        Path parent = runsFolder.getPath();
        String name = runName.get().strip();
        resuming = false;
        Recipe.Choice recipe =
                new Recipe.Choice(
                        plan.recipeProperty().get(),
                        "the Train page's form, filled from this recipe ("
                                + plan.reasonProperty().get()
                                + ") and then as edited");
        launch(
                "Training " + name,
                new TrainingJob(
                        listener ->
                                TrainingRun.create(
                                                cfg,
                                                RunDirectory.claimFresh(parent, name),
                                                listener)
                                        .withRecipe(recipe),
                        false,
                        monitor::report),
                cfg.epochs());
    }

    /** Continues the run in {@link #resumeTargetProperty()} from its last checkpoint. */
    public void resume() {
        Path dir = resumeTarget.get();
        if (dir == null || isRunning()) {
            return;
        }
        resuming = true;
        launch(
                "Resuming " + dir.getFileName(),
                new TrainingJob(
                        listener -> TrainingRun.resume(dir, listener), true, monitor::report),
                0);
    }

    /** Asks the run to stop after its current step; it keeps a checkpoint to resume from. */
    public void stop() {
        if (job != null && isRunning()) {
            job.stop();
            monitor.stopping();
        }
    }

    private void launch(String name, TrainingJob trainingJob, int epochs) {
        job = trainingJob;
        monitor.starting(epochs);
        JobTask<TrainingRun.Result> task = new JobTask<>(name, trainingJob);
        task.setOnSucceeded(event -> finished(task.getValue()));
        task.setOnFailed(event -> failed(task.getException()));
        task.setOnCancelled(event -> failed(new InterruptedException("the job was cancelled")));
        jobRunner.submit(name, task);
    }

    private void finished(TrainingRun.Result r) {
        job = null;
        monitor.ended(r);
        if (r.status() == RunStatus.COMPLETED) {
            if (r.dir().equals(resumeTarget.get())) {
                resumeTarget.set(null);
            }
        } else {
            resumeTarget.set(r.dir());
        }
        if (autoName) {
            setAutoName();
        }
        runsFolder.touch();
    }

    private void failed(Throwable error) {
        job = null;
        monitor.failed(error);
        Path dir = monitor.currentRunProperty().get();
        if (dir != null && Files.isRegularFile(FullCheckpoint.last(dir))) {
            resumeTarget.set(dir);
        }
        runsFolder.touch();
    }

    /**
     * Makes {@code dir} the run Resume continues, if it can be resumed (checked off the FX thread).
     */
    public void chooseResumeTarget(Path dir) {
        JobTask<RunSummary> task =
                new JobTask<>(
                        "Reading run " + dir.getFileName(), context -> RunRecords.summary(dir));
        task.setOnSucceeded(
                event -> {
                    RunSummary s = task.getValue();
                    if (s.resumable()) {
                        resumeTarget.set(dir);
                    } else {
                        monitor.say(
                                s.name()
                                        + " cannot be resumed: it is "
                                        + s.status().label()
                                        + (s.status().isLive()
                                                ? " (maybe in another process)"
                                                : ""));
                    }
                });
        task.setOnFailed(
                event -> monitor.say("Cannot resume: " + Failures.describe(task.getException())));
        jobRunner.submit(task.getTitle(), task);
    }

    /** Proposes the most recent stopped run in the runs folder for Resume, if none is chosen. */
    private void findResumable() {
        Path folder = runsFolder.getPath();
        JobTask<List<RunSummary>> task =
                new JobTask<>("Listing runs", context -> RunRecords.list(folder));
        task.setOnSucceeded(
                event -> {
                    if (resumeTarget.get() == null && !isRunning()) {
                        task.getValue().stream()
                                .filter(RunSummary::resumable)
                                .findFirst()
                                .ifPresent(s -> resumeTarget.set(s.dir()));
                    }
                });
        jobRunner.submit(task.getTitle(), task);
    }

    private void describeResumeTarget() {
        Path dir = resumeTarget.get();
        resumeText.set(dir == null ? "" : "Resume continues " + dir);
    }

    // ---- reports from the run

    /** The run exists: a resumed run shows the settings it trains with. */
    private void started(TrainingEvent.Started s) {
        if (resuming) {
            form.load(s.config());
            preset.set(CUSTOM);
            configSource.set("From run " + s.dir().getFileName() + " (resumed)");
        }
    }

    // ---- properties

    /** Run on: this computer | Slurm, the job's resources and its script. */
    public SlurmLaunchViewModel slurm() {
        return slurmLaunch;
    }

    public LaunchForm form() {
        return form;
    }

    public DatasetViewModel dataset() {
        return dataset;
    }

    /** The preset names, then {@link #CUSTOM}. */
    public ObservableList<String> presets() {
        return presets;
    }

    /** The preset the form was filled from, or {@link #CUSTOM}. */
    public ReadOnlyStringProperty presetProperty() {
        return preset.getReadOnlyProperty();
    }

    /** Where the form's settings came from, e.g. "Upstream's recipe ..." or "From my.json". */
    public ReadOnlyStringProperty configSourceProperty() {
        return configSource.getReadOnlyProperty();
    }

    /** The new run's folder name; a default with the preset and time until edited. */
    public StringProperty runNameProperty() {
        return runName;
    }

    /** The runs folder as typed. */
    public StringProperty runsFolderTextProperty() {
        return runsFolderText;
    }

    /** Everything that stops Start, in form order (read-only). */
    public ObservableList<Problem> problems() {
        return problemsView;
    }

    /** Field key to its problems' messages (read-only), for highlighting fields. */
    public ObservableMap<String, String> fieldErrors() {
        return fieldErrorsView;
    }

    /** The form as a config; null while a field does not parse. */
    public ReadOnlyObjectProperty<TrainingConfig> configProperty() {
        return config.getReadOnlyProperty();
    }

    /** The linearly scaled learning rates, one line. */
    public ReadOnlyStringProperty effectiveLrProperty() {
        return effectiveLr.getReadOnlyProperty();
    }

    /** Where Start will write the run. */
    public ReadOnlyStringProperty destinationProperty() {
        return destination.getReadOnlyProperty();
    }

    /** The dataset's class count when it differs from num_class, else -1. */
    public ReadOnlyIntegerProperty numClassFixProperty() {
        return numClassFix.getReadOnlyProperty();
    }

    public BooleanBinding canStartBinding() {
        return canStart;
    }

    /** The run monitor: state, status, progress, curves and log of the run. */
    /** The recipe, the schedule warnings and the planned LR curve. */
    public TrainingPlan plan() {
        return plan;
    }

    public RunMonitor monitor() {
        return monitor;
    }

    public ReadOnlyObjectProperty<TrainState> stateProperty() {
        return monitor.stateProperty();
    }

    public TrainState getState() {
        return monitor.getState();
    }

    /** True from Start (or Resume) until the run has ended. */
    public ReadOnlyBooleanProperty runningProperty() {
        return monitor.runningProperty();
    }

    private boolean isRunning() {
        return monitor.runningProperty().get();
    }

    public ReadOnlyStringProperty statusProperty() {
        return monitor.statusProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return monitor.progressProperty();
    }

    public ReadOnlyStringProperty progressTextProperty() {
        return monitor.progressTextProperty();
    }

    /** Advice when the data loader is the bottleneck, else "". */
    public ReadOnlyStringProperty dataHintProperty() {
        return monitor.dataHintProperty();
    }

    public ReadOnlyObjectProperty<Path> currentRunProperty() {
        return monitor.currentRunProperty();
    }

    /** The stopped run Resume continues, or null. */
    public ReadOnlyObjectProperty<Path> resumeTargetProperty() {
        return resumeTarget.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty resumeTextProperty() {
        return resumeText.getReadOnlyProperty();
    }

    public RunCurves curves() {
        return monitor.curves();
    }

    public ObservableList<String> log() {
        return monitor.log();
    }

    /** The folder new runs go to. */
    public Path runsFolder() {
        return runsFolder.getPath();
    }
}
