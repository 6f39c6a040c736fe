package dev.repmlp.app.training;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.tracking.RunsFolder;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.RepMlpNetPresets;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.train.ConfigFile;
import dev.repmlp.engine.train.Recipe;
import dev.repmlp.engine.train.ScheduleCheck;
import dev.repmlp.engine.train.TrainingConfig;
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
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * The launch form of the Train page: every {@link TrainingConfig} setting validated as typed,
 * presets, recipes and config files, the dataset check, the run's name and destination, and the
 * "run on" choice ({@link SlurmLaunchViewModel}). Everything that stops Start is listed in {@link
 * #problems()}. FX thread only.
 */
public final class LaunchViewModel {
    private final JobRunner jobRunner;
    private final RunsFolder runsFolder;
    private final ObservableBooleanValue running;
    private final Runnable onRunsFolderEdited;
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
    private final TrainingPlan plan = new TrainingPlan();
    private final SlurmLaunchViewModel slurmLaunch;
    private boolean autoName = true;
    private boolean settingName;

    /**
     * Fills the form with the demo preset on {@code defaultDataset} and starts the dataset check.
     *
     * @param jobRunner runs dataset scans and file reads
     * @param runsFolder where new runs go (shared with the Runs page)
     * @param defaultDataset the dataset the form starts with
     * @param running true while a run of this page trains: presets and recipes are not applied
     * @param onRunsFolderEdited told after each edit of the runs folder's text
     */
    LaunchViewModel(
            JobRunner jobRunner,
            RunsFolder runsFolder,
            Supplier<Optional<Path>> defaultDataset,
            ObservableBooleanValue running,
            Runnable onRunsFolderEdited) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
        this.runsFolder = Objects.requireNonNull(runsFolder, "runsFolder");
        this.running = Objects.requireNonNull(running, "running");
        this.onRunsFolderEdited = Objects.requireNonNull(onRunsFolderEdited, "onRunsFolderEdited");
        presets.addAll(RepMlpNetPresets.names());
        presets.add(TrainViewModel.CUSTOM);
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
        revalidate();
        dataset.scanNow(data);
        slurmLaunch = SlurmLaunchViewModel.system(jobRunner);
        javafx.beans.InvalidationListener toSlurm = obs -> updateSlurmLaunch();
        config.addListener(toSlurm);
        runName.addListener(toSlurm);
        runsFolder.pathProperty().addListener(toSlurm);
        plan.recipeProperty().addListener(toSlurm);
        problems.addListener(toSlurm);
        updateSlurmLaunch();
    }

    /** Hands the Slurm launch the form's current config, recipe and destination. */
    void updateSlurmLaunch() {
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
        if (TrainViewModel.CUSTOM.equals(name) || running.get()) {
            return;
        }
        RepMlpNetConfig model = RepMlpNetPresets.get(name);
        boolean demo = RepMlpNetPresets.isDemo(model);
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
        if (running.get() || id == null) {
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
        jobRunner.start(
                "Reading " + file.getFileName(),
                context -> ConfigFile.read(file),
                c -> {
                    loadKeepingData(c);
                    preset.set(TrainViewModel.CUSTOM);
                    configSource.set("From " + file.getFileName() + " (" + c.model().name() + ")");
                },
                error ->
                        configSource.set(
                                "Could not load "
                                        + file.getFileName()
                                        + ": "
                                        + Failures.describe(error)));
    }

    /** A resumed run exists: the form shows the settings it trains with. */
    void showResumed(TrainingEvent.Started s) {
        form.load(s.config());
        // the run's model, when it is a preset: "Custom JSON config..." would stay for every
        // later Start
        String model = s.config().model().name();
        preset.set(presets.contains(model) ? model : TrainViewModel.CUSTOM);
        configSource.set("From run " + s.dir().getFileName() + " (resumed)");
    }

    /** A run ended: an automatic run name moves on to a fresh one. */
    void runEnded() {
        if (autoName) {
            setAutoName();
        }
    }

    /** The recipe a run started from this form records as its origin. */
    Recipe.Choice recipeChoice() {
        return new Recipe.Choice(
                plan.recipeProperty().get(),
                "the Train page's form, filled from this recipe ("
                        + plan.reasonProperty().get()
                        + ") and then as edited");
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
                + (model.equals(RepMlpNetPresets.DEMO.name()) ? "; the demo model" : "");
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
        onRunsFolderEdited.run();
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
            all.add(
                    Problem.of(
                            TrainViewModel.RUN_NAME, "Run name: enter a name for the run folder"));
        } else if (!name.matches("[^/\\\\:*?\"<>|]+") || name.equals(".") || name.equals("..")) {
            all.add(
                    Problem.of(
                            TrainViewModel.RUN_NAME,
                            "Run name: use a plain folder name without / \\ : * ? \" < > |"));
        }
        Path folder = null;
        try {
            String text = runsFolderText.get() == null ? "" : runsFolderText.get().strip();
            if (text.isEmpty()) {
                all.add(
                        Problem.of(
                                TrainViewModel.RUNS_FOLDER,
                                "Runs folder: choose where runs are written"));
            } else {
                folder = Path.of(text).toAbsolutePath().normalize();
            }
        } catch (InvalidPathException e) {
            all.add(Problem.of(TrainViewModel.RUNS_FOLDER, "Runs folder: not a valid path"));
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

    // ---- properties

    /**
     * Why the setting {@code key} does not apply to the settings in the form (empty while it does):
     * the step schedule's decay settings under another schedule, SGD's momentum under AdamW,
     * AdamW's betas and eps under SGD. The page disables such fields and says why.
     */
    public javafx.beans.binding.StringBinding notApplicable(String key) {
        javafx.beans.property.StringProperty schedule = form.text("schedule");
        javafx.beans.property.StringProperty optimizer = form.text("optimizer");
        return javafx.beans.binding.Bindings.createStringBinding(
                () -> {
                    String sched = schedule.get() == null ? "" : schedule.get().strip();
                    String opt = optimizer.get() == null ? "" : optimizer.get().strip();
                    return switch (key) {
                        case "decay_epochs", "decay_rate" ->
                                sched.equals("step")
                                        ? ""
                                        : "Not used: only the step schedule decays in steps"
                                                + " (the schedule is "
                                                + sched
                                                + ").";
                        case "momentum" ->
                                opt.equals("sgd")
                                        ? ""
                                        : "Not used: only SGD has momentum (the optimizer is "
                                                + opt
                                                + ").";
                        case "beta1", "beta2", "eps" ->
                                opt.equals("sgd")
                                        ? "Not used: only AdamW has this (the optimizer is sgd)."
                                        : "";
                        default -> "";
                    };
                },
                schedule,
                optimizer);
    }

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

    /** The recipe, the schedule warnings and the planned LR curve. */
    public TrainingPlan plan() {
        return plan;
    }

    /** The preset names, then {@link TrainViewModel#CUSTOM}. */
    public ObservableList<String> presets() {
        return presets;
    }

    /** The preset the form was filled from, or {@link TrainViewModel#CUSTOM}. */
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
}
