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
import dev.repmlp.app.training.SlurmLaunchViewModel;
import dev.repmlp.app.training.TrainView;
import dev.repmlp.app.training.TrainViewModel;
import dev.repmlp.app.ui.FileDialogs;
import dev.repmlp.engine.Assets;
import dev.repmlp.engine.train.DemoDataset;
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

    /** Where the app keeps settings across restarts; null: nothing is remembered. */
    private java.util.prefs.Preferences settings;

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
     * The app's pages: the bundled demo model is the default weights, the bundled demo dataset the
     * default training data, {@code runs/} under the working directory the runs folder.
     */
    public static FeaturePages forApp(JobRunner jobRunner) {
        FeaturePages pages =
                new FeaturePages(
                        jobRunner,
                        Assets.locate(Assets.DEMO_MODEL).orElse(null),
                        new RunsFolder(),
                        FileDialogs.system(),
                        DemoDataset::locate);
        // the app remembers the Train page's Slurm settings; pages made for tests do not
        pages.settings = SlurmLaunchViewModel.userPreferences();
        return pages;
    }

    @Override
    public Node create(Page page) {
        return switch (page) {
            case TRAIN -> {
                TrainViewModel train = new TrainViewModel(jobRunner, runsFolder, defaultDataset);
                if (settings != null) {
                    train.rememberSettings(settings);
                }
                yield new TrainView(train, dialogs);
            }
            case RUNS -> new RunsView(new RunsViewModel(jobRunner, runsFolder), dialogs);
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
