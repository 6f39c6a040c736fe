package dev.repmlp.app.shell;

import dev.repmlp.app.classify.ClassifyView;
import dev.repmlp.app.classify.ClassifyViewModel;
import dev.repmlp.app.compare.CompareView;
import dev.repmlp.app.compare.CompareViewModel;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.kernels.KernelsView;
import dev.repmlp.app.kernels.KernelsViewModel;
import dev.repmlp.app.runs.RunsView;
import dev.repmlp.app.runs.RunsViewModel;
import dev.repmlp.app.training.TrainView;
import dev.repmlp.app.training.TrainViewModel;
import java.util.Objects;
import javafx.scene.Node;

/**
 * Wires each page's view to its view-model. The place to hand feature view-models the services they
 * need (job runner, run store, model loader) as the features grow.
 */
public final class FeaturePages implements PageFactory {
    private final JobRunner jobRunner;

    /**
     * @param jobRunner runs the pages' background work
     */
    public FeaturePages(JobRunner jobRunner) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
    }

    @Override
    public Node create(Page page) {
        return switch (page) {
            case TRAIN -> new TrainView(new TrainViewModel());
            case RUNS -> new RunsView(new RunsViewModel());
            case KERNELS -> new KernelsView(new KernelsViewModel(jobRunner));
            case COMPARE -> new CompareView(new CompareViewModel());
            case CLASSIFY -> new ClassifyView(new ClassifyViewModel());
        };
    }
}
