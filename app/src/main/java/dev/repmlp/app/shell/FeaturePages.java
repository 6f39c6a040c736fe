package dev.repmlp.app.shell;

import dev.repmlp.app.classify.ClassifyView;
import dev.repmlp.app.classify.ClassifyViewModel;
import dev.repmlp.app.compare.CompareView;
import dev.repmlp.app.compare.CompareViewModel;
import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.kernels.KernelsView;
import dev.repmlp.app.kernels.KernelsViewModel;
import dev.repmlp.app.runs.RunsFolder;
import dev.repmlp.app.runs.RunsView;
import dev.repmlp.app.runs.RunsViewModel;
import dev.repmlp.app.training.TrainView;
import dev.repmlp.app.training.TrainViewModel;
import dev.repmlp.app.ui.FileDialogs;
import java.util.Objects;
import javafx.scene.Node;

/**
 * Wires each page's view to its view-model. The place to hand feature view-models the services they
 * need (job runner, run store, model loader) as the features grow.
 */
public final class FeaturePages implements PageFactory {
    private final JobRunner jobRunner;
    private final RunsFolder runsFolder;
    private final FileDialogs dialogs;

    /** Pages with their own job runner and the default runs folder ({@code runs/}). */
    public FeaturePages() {
        this(ExecutorJobRunner.daemon());
    }

    /** Pages whose jobs run on {@code jobRunner} (so the status bar counts them). */
    public FeaturePages(JobRunner jobRunner) {
        this(jobRunner, new RunsFolder(), FileDialogs.system());
    }

    /**
     * @param jobRunner runs the pages' background work
     * @param runsFolder where the Train page writes runs and the Runs page lists them
     * @param dialogs the file choosers
     */
    public FeaturePages(JobRunner jobRunner, RunsFolder runsFolder, FileDialogs dialogs) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
        this.runsFolder = Objects.requireNonNull(runsFolder, "runsFolder");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
    }

    @Override
    public Node create(Page page) {
        return switch (page) {
            case TRAIN -> new TrainView(new TrainViewModel(jobRunner, runsFolder), dialogs);
            case RUNS -> new RunsView(new RunsViewModel(jobRunner, runsFolder), dialogs);
            case KERNELS -> new KernelsView(new KernelsViewModel());
            case COMPARE -> new CompareView(new CompareViewModel());
            case CLASSIFY -> new ClassifyView(new ClassifyViewModel());
        };
    }
}
