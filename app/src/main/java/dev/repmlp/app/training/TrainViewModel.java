package dev.repmlp.app.training;

import dev.repmlp.app.charts.RunCurves;
import dev.repmlp.app.concurrent.FxBatcher;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.concurrent.UiThread;
import dev.repmlp.app.tracking.RunsFolder;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.train.DemoDataset;
import dev.repmlp.engine.train.Recipe;
import dev.repmlp.engine.train.TrainingConfig;
import dev.repmlp.engine.train.TrainingRun;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * State and actions of the Train page, in three parts along the page's seams: the launch form
 * ({@link LaunchViewModel}: every {@link TrainingConfig} setting validated as typed, the dataset
 * check, the run's name and destination), the run monitor ({@link RunMonitor}: state, progress,
 * live curves and log) and Resume ({@link ResumeChooser}: which stopped run Resume continues). This
 * class starts, resumes and stops one training run at a time as a job and hands the run's outcome
 * to the three parts; the run's reports are batched onto the FX thread at most ten times a second
 * ({@link FxBatcher}), the rest delivered when the job ends. The one-line accessors below hand the
 * view the parts' properties. FX thread only.
 */
public final class TrainViewModel {
    /** The preset list's last entry: load a JSON config file instead. */
    public static final String CUSTOM = "Custom JSON config...";

    /** Pseudo field keys of the run section (not training settings). */
    public static final String RUN_NAME = "run_name";

    public static final String RUNS_FOLDER = "runs_folder";

    private final JobRunner jobRunner;
    private final RunsFolder runsFolder;
    private final RunMonitor monitor;
    private final ResumeChooser resume;
    private final LaunchViewModel launch;
    private final BooleanBinding canStart;
    private boolean resuming;
    private TrainingJob job;

    /**
     * Remembers the "run on" choice and the Slurm resource fields across restarts in {@code prefs}
     * (the app passes {@link SlurmLaunchViewModel#userPreferences()}).
     */
    public void rememberSettings(java.util.prefs.Preferences prefs) {
        launch.slurm().remember(prefs);
    }

    /** The app's wiring: the demo preset on the bundled demo dataset. */
    public TrainViewModel(JobRunner jobRunner, RunsFolder runsFolder) {
        this(jobRunner, runsFolder, DemoDataset::locate, jobRunner.ui());
    }

    /**
     * @param jobRunner runs training, dataset scans and file reads
     * @param runsFolder where new runs go (shared with the Runs page)
     * @param defaultDataset the dataset the form starts with
     */
    public TrainViewModel(
            JobRunner jobRunner, RunsFolder runsFolder, Supplier<Optional<Path>> defaultDataset) {
        this(jobRunner, runsFolder, defaultDataset, jobRunner.ui());
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
        this.runsFolder = Objects.requireNonNull(runsFolder, "runsFolder");
        this.monitor = new RunMonitor(ui, this::started, runsFolder::touch);
        this.resume =
                new ResumeChooser(jobRunner, runsFolder, monitor.runningProperty(), monitor::say);
        this.launch =
                new LaunchViewModel(
                        jobRunner,
                        runsFolder,
                        defaultDataset,
                        monitor.runningProperty(),
                        resume::findResumable);
        canStart =
                Bindings.createBooleanBinding(
                        () -> launch.problems().isEmpty() && !isRunning(),
                        launch.problems(),
                        monitor.runningProperty());
        resume.findResumable();
    }

    // ---- runs

    /** Starts a new run with the form's settings. */
    public void start() {
        if (!canStart.get()) {
            return;
        }
        SlurmLaunchViewModel slurm = launch.slurm();
        if (slurm.isOnSlurm()) {
            launch.updateSlurmLaunch();
            slurm.start(runsFolder::touch);
            return;
        }
        TrainingConfig cfg = launch.configProperty().get();
        Path parent = runsFolder.getPath();
        String name = launch.runNameProperty().get().strip();
        resuming = false;
        Recipe.Choice recipe = launch.recipeChoice();
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
        Path dir = resume.targetProperty().get();
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
        jobRunner.start(
                name,
                trainingJob,
                this::finished,
                this::failed,
                () -> failed(new InterruptedException("the job was cancelled")));
    }

    private void finished(TrainingRun.Result r) {
        job = null;
        monitor.ended(r);
        resume.ended(r);
        launch.runEnded();
        runsFolder.touch();
    }

    private void failed(Throwable error) {
        job = null;
        monitor.failed(error);
        resume.failed(monitor.currentRunProperty().get());
        runsFolder.touch();
    }

    /**
     * Makes {@code dir} the run Resume continues, if it can be resumed (checked off the FX thread).
     */
    public void chooseResumeTarget(Path dir) {
        resume.choose(dir);
    }

    /** The run exists: a resumed run shows the settings it trains with. */
    private void started(TrainingEvent.Started s) {
        if (resuming) {
            launch.showResumed(s);
        }
    }

    // ---- the parts

    /** The launch form: settings, dataset check, run name and destination, "run on". */
    public LaunchViewModel launch() {
        return launch;
    }

    /** The run monitor: state, status, progress, curves and log of the run. */
    public RunMonitor monitor() {
        return monitor;
    }

    /** Which stopped run Resume continues. */
    public ResumeChooser resumeChooser() {
        return resume;
    }

    // ---- the parts' properties, for the view

    /** Run on: this computer | Slurm, the job's resources and its script. */
    public SlurmLaunchViewModel slurm() {
        return launch.slurm();
    }

    public LaunchForm form() {
        return launch.form();
    }

    public DatasetViewModel dataset() {
        return launch.dataset();
    }

    /** The preset names, then {@link #CUSTOM}. */
    public ObservableList<String> presets() {
        return launch.presets();
    }

    /** The preset the form was filled from, or {@link #CUSTOM}. */
    public ReadOnlyStringProperty presetProperty() {
        return launch.presetProperty();
    }

    /** Fills the form with the recipe of preset {@code name}; the dataset stays. */
    public void selectPreset(String name) {
        launch.selectPreset(name);
    }

    /** {@link LaunchViewModel#applyRecipe}. */
    public void applyRecipe(String id) {
        launch.applyRecipe(id);
    }

    /** {@link LaunchViewModel#loadConfigFile}. */
    public void loadConfigFile(Path file) {
        launch.loadConfigFile(file);
    }

    /** Sets num_class to the dataset's class count (the quick fix of a class mismatch). */
    public void fixNumClass() {
        launch.fixNumClass();
    }

    /** Where the form's settings came from, e.g. "Upstream's recipe ..." or "From my.json". */
    public ReadOnlyStringProperty configSourceProperty() {
        return launch.configSourceProperty();
    }

    /** The new run's folder name; a default with the preset and time until edited. */
    public StringProperty runNameProperty() {
        return launch.runNameProperty();
    }

    /** The runs folder as typed. */
    public StringProperty runsFolderTextProperty() {
        return launch.runsFolderTextProperty();
    }

    /** Everything that stops Start, in form order (read-only). */
    public ObservableList<Problem> problems() {
        return launch.problems();
    }

    /** Field key to its problems' messages (read-only), for highlighting fields. */
    public ObservableMap<String, String> fieldErrors() {
        return launch.fieldErrors();
    }

    /** The form as a config; null while a field does not parse. */
    public ReadOnlyObjectProperty<TrainingConfig> configProperty() {
        return launch.configProperty();
    }

    /** The linearly scaled learning rates, one line. */
    public ReadOnlyStringProperty effectiveLrProperty() {
        return launch.effectiveLrProperty();
    }

    /** Where Start will write the run. */
    public ReadOnlyStringProperty destinationProperty() {
        return launch.destinationProperty();
    }

    /** The dataset's class count when it differs from num_class, else -1. */
    public ReadOnlyIntegerProperty numClassFixProperty() {
        return launch.numClassFixProperty();
    }

    public BooleanBinding canStartBinding() {
        return canStart;
    }

    /** The recipe, the schedule warnings and the planned LR curve. */
    public TrainingPlan plan() {
        return launch.plan();
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
        return resume.targetProperty();
    }

    public ReadOnlyStringProperty resumeTextProperty() {
        return resume.textProperty();
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
