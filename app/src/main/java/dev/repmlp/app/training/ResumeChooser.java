package dev.repmlp.app.training;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.tracking.RunsFolder;
import dev.repmlp.engine.runs.RunRecords;
import dev.repmlp.engine.runs.RunStatus;
import dev.repmlp.engine.runs.RunSummary;
import dev.repmlp.engine.train.FullCheckpoint;
import dev.repmlp.engine.train.TrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;

/**
 * Resume on the Train page: which stopped run Resume continues. Proposes the most recent resumable
 * run of the runs folder, takes a run the user chooses when it can be resumed (both read off the FX
 * thread), and follows the runs this page starts: a run that stops or fails with a checkpoint
 * becomes the target, a completed one stops being it. FX thread only.
 */
public final class ResumeChooser {
    private final JobRunner jobRunner;
    private final RunsFolder runsFolder;
    private final ObservableBooleanValue running;
    private final Consumer<String> say;
    private final ReadOnlyObjectWrapper<Path> target =
            new ReadOnlyObjectWrapper<>(this, "resumeTarget");
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "resumeText", "");

    /**
     * @param jobRunner reads the run records
     * @param runsFolder where {@link #findResumable()} looks
     * @param running true while this page runs a training (no proposal then)
     * @param say where a run that cannot be resumed is reported (the run monitor's status)
     */
    ResumeChooser(
            JobRunner jobRunner,
            RunsFolder runsFolder,
            ObservableBooleanValue running,
            Consumer<String> say) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
        this.runsFolder = Objects.requireNonNull(runsFolder, "runsFolder");
        this.running = Objects.requireNonNull(running, "running");
        this.say = Objects.requireNonNull(say, "say");
        target.addListener((obs, old, value) -> describe());
        describe();
    }

    /**
     * Makes {@code dir} the run Resume continues, if it can be resumed (checked off the FX thread).
     */
    public void choose(Path dir) {
        jobRunner.start(
                "Reading run " + dir.getFileName(),
                context -> RunRecords.summary(dir),
                s -> {
                    if (s.resumable()) {
                        target.set(dir);
                    } else {
                        say.accept(
                                s.name()
                                        + " cannot be resumed: it is "
                                        + s.status().label()
                                        + (s.status().isLive()
                                                ? " (maybe in another process)"
                                                : ""));
                    }
                },
                error -> say.accept("Cannot resume: " + Failures.describe(error)));
    }

    /** Proposes the most recent stopped run in the runs folder for Resume, if none is chosen. */
    void findResumable() {
        Path folder = runsFolder.getPath();
        jobRunner.start(
                "Listing runs",
                context -> RunRecords.list(folder),
                runs -> {
                    if (target.get() == null && !running.get()) {
                        runs.stream()
                                .filter(RunSummary::resumable)
                                .findFirst()
                                .ifPresent(s -> target.set(s.dir()));
                    }
                },
                error -> {});
    }

    /** A run of this page ended: a completed run is no longer resumed, any other one is. */
    void ended(TrainingRun.Result r) {
        if (r.status() == RunStatus.COMPLETED) {
            if (r.dir().equals(target.get())) {
                target.set(null);
            }
        } else {
            target.set(r.dir());
        }
    }

    /** A run of this page failed: it is resumed if it left a checkpoint. */
    void failed(Path dir) {
        if (dir != null && Files.isRegularFile(FullCheckpoint.last(dir))) {
            target.set(dir);
        }
    }

    private void describe() {
        Path dir = target.get();
        text.set(dir == null ? "" : "Resume continues " + dir);
    }

    /** The stopped run Resume continues, or null. */
    public ReadOnlyObjectProperty<Path> targetProperty() {
        return target.getReadOnlyProperty();
    }

    /** "Resume continues DIR", or "" when there is no target. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
