package dev.repmlp.app.inference;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobContext;
import dev.repmlp.app.concurrent.JobQueue;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.BiFunction;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The model an inference page works with: loading weights (the default ones first) as a job on the
 * page's queue, keeping the previous model when a load fails, closing a replaced model, and the
 * model name/detail/path, loaded flag and error message the page shows. Shared by the Classify and
 * Compare view-models.
 *
 * @param <M> what the page loads (a classifier, a train/deploy pair); closed when replaced
 */
public final class ModelSlot<M extends AutoCloseable> {

    /** Loads a model from weights inside a job. */
    @FunctionalInterface
    public interface Loader<M> {
        M load(Path weights, JobContext context) throws Exception;
    }

    private final JobQueue jobs;
    private final Path defaultWeights;
    private final String missingDefault;
    private final String failureVerb;
    private final Loader<M> loader;
    private final BiFunction<M, Path, ModelDescription> describe;
    private Runnable onLoaded = () -> {};

    /** Touched by jobs only, which never overlap. */
    private volatile M current;

    private boolean requested;

    private final ReadOnlyStringWrapper modelName =
            new ReadOnlyStringWrapper(this, "modelName", "No model loaded");
    private final ReadOnlyStringWrapper modelDetail;
    private final ReadOnlyStringWrapper modelPath =
            new ReadOnlyStringWrapper(this, "modelPath", "");
    private final ReadOnlyBooleanWrapper modelLoaded =
            new ReadOnlyBooleanWrapper(this, "modelLoaded");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    /**
     * @param jobs the page's job queue
     * @param defaultWeights what {@link #loadDefaultIfNone()} loads; null for none
     * @param idleDetail the detail line before any model is loaded
     * @param missingDefault the detail line when there are no default weights
     * @param failureVerb how a failed load starts, e.g. "Could not load"
     * @param loader loads weights (inside the job)
     * @param describe what the page shows of a loaded model
     */
    public ModelSlot(
            JobQueue jobs,
            Path defaultWeights,
            String idleDetail,
            String missingDefault,
            String failureVerb,
            Loader<M> loader,
            BiFunction<M, Path, ModelDescription> describe) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.defaultWeights = defaultWeights;
        this.modelDetail = new ReadOnlyStringWrapper(this, "modelDetail", idleDetail);
        this.missingDefault = missingDefault;
        this.failureVerb = failureVerb;
        this.loader = loader;
        this.describe = describe;
    }

    /** Runs on the FX thread after each successful load (e.g. to rerun the images shown). */
    public void setOnLoaded(Runnable onLoaded) {
        this.onLoaded = Objects.requireNonNull(onLoaded);
    }

    /** Loads the default weights unless some weights were asked for already. */
    public void loadDefaultIfNone() {
        if (requested) {
            return;
        }
        if (defaultWeights == null) {
            modelDetail.set(missingDefault);
            return;
        }
        load(defaultWeights);
    }

    /** Loads the default weights again (after other weights). */
    public void loadDefault() {
        if (defaultWeights != null) {
            load(defaultWeights);
        }
    }

    /** Loads {@code weights}; on failure the previous model stays and the error says why. */
    public void load(Path weights) {
        Objects.requireNonNull(weights, "weights");
        requested = true;
        String file = String.valueOf(weights.getFileName());
        jobs.job("Loading " + file, context -> swapIn(weights, context))
                .onSuccess(
                        description -> {
                            modelName.set(description.name());
                            modelDetail.set(description.detail());
                            modelPath.set(description.path());
                            modelLoaded.set(true);
                            error.set("");
                            onLoaded.run();
                        })
                .onFailure(
                        e ->
                                error.set(
                                        failureVerb
                                                + " "
                                                + file
                                                + ": "
                                                + Failures.describe(e)
                                                + (modelLoaded.get()
                                                        ? " The previous model ("
                                                                + modelName.get()
                                                                + ") is still loaded."
                                                        : "")))
                .enqueue();
    }

    private ModelDescription swapIn(Path weights, JobContext context) throws Exception {
        M fresh = loader.load(weights, context);
        M old = current;
        current = fresh;
        if (old != null) {
            old.close();
        }
        return describe.apply(fresh, weights);
    }

    /** Closes the model (inside a job: it must not race with a job that uses it). */
    public Void release() throws Exception {
        M old = current;
        current = null;
        if (old != null) {
            old.close();
        }
        return null;
    }

    /** The loaded model, or null; read inside jobs. */
    public M current() {
        return current;
    }

    /** The default weights, if any. */
    public java.util.Optional<Path> defaultWeights() {
        return java.util.Optional.ofNullable(defaultWeights);
    }

    /** Whether any weights were asked for. */
    public boolean requested() {
        return requested;
    }

    public void setError(String message) {
        error.set(message);
    }

    public void dismissError() {
        error.set("");
    }

    public ReadOnlyStringProperty modelNameProperty() {
        return modelName.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modelDetailProperty() {
        return modelDetail.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modelPathProperty() {
        return modelPath.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty modelLoadedProperty() {
        return modelLoaded.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
