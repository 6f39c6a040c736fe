package dev.repmlp.app.shell;

import dev.repmlp.app.classify.ClassifyView;
import dev.repmlp.app.classify.ClassifyViewModel;
import dev.repmlp.app.compare.CompareView;
import dev.repmlp.app.compare.CompareViewModel;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.concurrent.SameThreadJobRunner;
import dev.repmlp.app.evaluate.EvaluateView;
import dev.repmlp.app.evaluate.EvaluateViewModel;
import dev.repmlp.app.kernels.KernelsView;
import dev.repmlp.app.kernels.KernelsViewModel;
import dev.repmlp.app.runs.RunsView;
import dev.repmlp.app.runs.RunsViewModel;
import dev.repmlp.app.tracking.RunsFolder;
import dev.repmlp.app.training.LaunchFields;
import dev.repmlp.app.training.SlurmLaunchViewModel;
import dev.repmlp.app.training.TrainView;
import dev.repmlp.app.training.TrainViewModel;
import dev.repmlp.app.ui.FileDialogs;
import dev.repmlp.app.ui.Settings;
import dev.repmlp.engine.Assets;
import dev.repmlp.engine.runs.RunsHome;
import dev.repmlp.engine.train.DemoDataset;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.Node;

/**
 * Wires each page's view to its view-model. The place to hand feature view-models the services they
 * need (job runner, run store, model loader) as the features grow.
 */
public final class FeaturePages implements PageFactory {
    private final JobRunner jobRunner;
    private final Path demoWeights;
    private final RunsFolder runsFolder;
    private final FileDialogs dialogs;
    private final Supplier<Optional<Path>> defaultDataset;

    /** What the pages remember across restarts (split positions); in memory unless the app's. */
    private Settings settings = Settings.inMemory();

    /** Where the app keeps the Slurm settings across restarts; null: nothing is remembered. */
    private java.util.prefs.Preferences slurmSettings;

    private ClassifyViewModel classify;
    private CompareViewModel compare;

    /**
     * Pages whose jobs run on the calling thread and that load no model or dataset by themselves:
     * for tests of the shell.
     */
    public FeaturePages() {
        this(new SameThreadJobRunner(), null);
    }

    /**
     * @param jobRunner runs the pages' background work (the app's runner, so the status bar counts
     *     it)
     * @param demoWeights what the classify and compare pages load first; null for nothing
     */
    public FeaturePages(JobRunner jobRunner, Path demoWeights) {
        this(jobRunner, demoWeights, new RunsFolder(), FileDialogs.system(), Optional::empty);
    }

    /** Pages running their work on {@code jobRunner}, with no default weights or dataset. */
    public FeaturePages(JobRunner jobRunner) {
        this(jobRunner, null);
    }

    /**
     * @param jobRunner runs the pages' background work
     * @param demoWeights what the classify and compare pages load first; null for nothing
     * @param runsFolder where the Train page writes runs and the Runs page lists them
     * @param dialogs the file choosers
     * @param defaultDataset the dataset the Train page starts with
     */
    public FeaturePages(
            JobRunner jobRunner,
            Path demoWeights,
            RunsFolder runsFolder,
            FileDialogs dialogs,
            Supplier<Optional<Path>> defaultDataset) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
        this.demoWeights = demoWeights;
        this.runsFolder = Objects.requireNonNull(runsFolder, "runsFolder");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.defaultDataset = Objects.requireNonNull(defaultDataset, "defaultDataset");
    }

    /**
     * The app's pages: the bundled demo model is the default weights; the runs folder and the Train
     * page's dataset are the ones chosen last (remembered in {@code settings}), at first the
     * default runs folder shared with the CLI ({@link RunsHome}) and the bundled demo dataset.
     *
     * @param settings where choices are remembered across restarts ({@link Settings#user()} for the
     *     app; tests pass {@link Settings#inMemory()})
     */
    public static FeaturePages forApp(JobRunner jobRunner, Settings settings) {
        RunsFolder runsFolder = new RunsFolder(rememberedFolder(settings));
        runsFolder
                .pathProperty()
                .addListener(
                        (obs, old, path) -> settings.put(Settings.RUNS_FOLDER, path.toString()));
        FeaturePages pages =
                new FeaturePages(
                        jobRunner,
                        Assets.locate(Assets.DEMO_MODEL).orElse(null),
                        runsFolder,
                        FileDialogs.system(),
                        () -> rememberedDataset(settings).or(DemoDataset::locate));
        pages.settings = settings;
        return pages;
    }

    /** {@link #forApp(JobRunner, Settings)} with the user's settings, the Slurm fields included. */
    public static FeaturePages forApp(JobRunner jobRunner) {
        FeaturePages pages = forApp(jobRunner, Settings.user());
        // the app remembers the Train page's Slurm settings; pages made for tests do not
        pages.slurmSettings = SlurmLaunchViewModel.userPreferences();
        return pages;
    }

    private static Path rememberedFolder(Settings settings) {
        return startFolder(
                settings.get(Settings.RUNS_FOLDER, ""),
                System.getenv(RunsHome.VARIABLE),
                RunsHome::defaultFolder);
    }

    /**
     * The runs folder the window opens on: {@code $REPMLP_RUNS} when set (a shell that sets it
     * means it for {@code repmlp train} and the window alike, so a folder remembered from an
     * earlier session must not hide it), else the remembered folder, else {@code fallback}.
     *
     * @param remembered the folder remembered in the settings, blank when none
     * @param variable the value of {@code $REPMLP_RUNS}, null or blank when not set
     * @param fallback the default runs folder ({@link RunsHome#defaultFolder()}, which is {@code
     *     $REPMLP_RUNS} when that is set)
     */
    static Path startFolder(String remembered, String variable, Supplier<Path> fallback) {
        if (variable != null && !variable.isBlank()) {
            return fallback.get();
        }
        String text = remembered;
        if (!text.isBlank()) {
            try {
                return Path.of(text).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                // forget it: the default below
            }
        }
        return fallback.get();
    }

    private static Optional<Path> rememberedDataset(Settings settings) {
        String text = settings.get(Settings.LAST_DATASET, "");
        if (text.isBlank()) {
            return Optional.empty();
        }
        try {
            Path p = Path.of(text);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The runs folder the Train and Runs pages share. */
    public RunsFolder runsFolder() {
        return runsFolder;
    }

    @Override
    public Node create(Page page) {
        return switch (page) {
            case TRAIN -> {
                TrainViewModel train = new TrainViewModel(jobRunner, runsFolder, defaultDataset);
                if (slurmSettings != null) {
                    train.rememberSettings(slurmSettings);
                }
                Settings remember = settings;
                train.form()
                        .text(LaunchFields.DATA_PATH)
                        .addListener(
                                (obs, old, value) -> remember.put(Settings.LAST_DATASET, value));
                yield new TrainView(train, dialogs, settings);
            }
            case RUNS -> new RunsView(new RunsViewModel(jobRunner, runsFolder), dialogs, settings);
            case KERNELS -> new KernelsView(new KernelsViewModel(jobRunner));
            case EVALUATE ->
                    new EvaluateView(
                            new EvaluateViewModel(
                                    jobRunner,
                                    demoWeights,
                                    demoWeights == null
                                            ? null
                                            : Assets.locate(Assets.DEMO_DATASET + "/val")
                                                    .orElse(null),
                                    runsFolder.getPath().resolveSibling("evaluations")),
                            dialogs);
            case COMPARE -> new CompareView(compareViewModel(), dialogs);
            case CLASSIFY -> new ClassifyView(classifyViewModel(), dialogs);
        };
    }

    /** The classify page's view-model (made on first use; the smoke test drives it). */
    public ClassifyViewModel classifyViewModel() {
        if (classify == null) {
            classify = new ClassifyViewModel(jobRunner, demoWeights);
        }
        return classify;
    }

    /** The compare page's view-model (made on first use). */
    public CompareViewModel compareViewModel() {
        if (compare == null) {
            compare = new CompareViewModel(jobRunner, demoWeights);
        }
        return compare;
    }
}
