package dev.repmlp.app.runs;

import dev.repmlp.app.charts.RunCurves;
import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobContext;
import dev.repmlp.app.concurrent.JobHandle;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.tracking.MetricPoints;
import dev.repmlp.engine.runs.MetricsChunk;
import dev.repmlp.engine.runs.RunRecords;
import dev.repmlp.engine.runs.RunSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The Runs page's one opened run: its curves and a line on it; while its state is running (or
 * starting), what is appended to its {@code metrics.jsonl} is read every {@code poll} from the last
 * offset, as a job. FX thread only.
 */
final class OpenedRun {
    private final JobRunner jobRunner;
    private final Duration poll;
    private final Consumer<RunRow> onRead;
    private final ReadOnlyObjectWrapper<RunRow> opened =
            new ReadOnlyObjectWrapper<>(this, "opened");
    private final ReadOnlyStringWrapper openedText =
            new ReadOnlyStringWrapper(this, "openedText", "No run opened");
    private final ReadOnlyBooleanWrapper following = new ReadOnlyBooleanWrapper(this, "following");
    private final RunCurves openedCurves = new RunCurves();

    /** Steps per epoch of the opened run, from its step records (for resume markers). */
    private int openedStepsPerEpoch;

    private JobHandle follow;
    private int openGeneration;

    /**
     * @param poll how often a live run is read again
     * @param onRead told each time the run's files have been read, with its row as read
     */
    OpenedRun(JobRunner jobRunner, Duration poll, Consumer<RunRow> onRead) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
        this.poll = Objects.requireNonNull(poll, "poll");
        this.onRead = Objects.requireNonNull(onRead, "onRead");
    }

    /**
     * Shows the curves of {@code run}; while its state is running (or starting), keeps reading what
     * is appended to its metrics.jsonl every {@link #POLL}.
     */
    public void open(RunRow run) {
        closeRun();
        int mine = ++openGeneration;
        opened.set(run);
        openedText.set(run.name() + " \u00b7 reading...");
        Path dir = run.dir();
        String name = (run.live() ? "Following " : "Opening ") + run.name();
        following.set(run.live());
        follow =
                jobRunner.start(
                        name,
                        context -> followLoop(dir, mine, context),
                        done -> {},
                        error -> {
                            if (mine == openGeneration) {
                                following.set(false);
                                openedText.set(
                                        run.name()
                                                + " \u00b7 cannot read: "
                                                + Failures.describe(error));
                            }
                        });
    }

    /**
     * Reads the run, then what is appended, until it is no longer live or the task is cancelled.
     */
    private Void followLoop(Path dir, int generation, JobContext context) throws Exception {
        long offset = 0;
        while (true) {
            MetricsChunk chunk = RunRecords.readMetrics(dir, offset);
            RunSummary summary = RunRecords.summary(dir);
            offset = chunk.nextOffset();
            boolean live = summary.status().isLive();
            jobRunner.ui().execute(() -> received(generation, chunk, summary, live));
            if (!live || context.isCancelled()) {
                return null;
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                return null;
            }
            if (context.isCancelled()) {
                return null;
            }
        }
    }

    private void received(int generation, MetricsChunk chunk, RunSummary summary, boolean live) {
        if (generation != openGeneration) {
            return;
        }
        if (chunk.restarted()) {
            openedCurves.clear();
        }
        if (!chunk.steps().isEmpty()) {
            openedStepsPerEpoch = chunk.steps().get(0).stepsPerEpoch();
        }
        if (chunk.resumedAt() != null && !chunk.restarted()) {
            // a resume marker: what was read before from its position on is written again
            openedCurves.dropFrom(
                    MetricPoints.globalStep(chunk.resumedAt(), openedStepsPerEpoch),
                    chunk.resumedAt().epoch() + 1);
        }
        openedCurves.appendSteps(MetricPoints.steps(chunk.steps()));
        openedCurves.appendEpochs(MetricPoints.epochs(chunk.epochs()));
        following.set(live);
        RunRow row = RunsViewModel.row(summary);
        opened.set(row);
        onRead.accept(row);
        openedText.set(describe(row, live));
    }

    private String describe(RunRow r, boolean live) {
        StringBuilder b = new StringBuilder(r.name());
        b.append(" \u00b7 ").append(r.preset());
        if (!r.dataset().isEmpty()) {
            b.append(" on ").append(r.dataset());
        }
        b.append(" \u00b7 epoch ").append(r.epochsText());
        if (!Double.isNaN(r.bestTop1())) {
            b.append(String.format(Locale.ROOT, " \u00b7 best val top-1 %.2f %%", r.bestTop1()));
        }
        b.append(" \u00b7 ").append(r.state());
        if (live) {
            b.append(" (following: reads new records every ")
                    .append(poll.toMillis() / 1000.0)
                    .append(" s)");
        }
        return b.toString();
    }

    /** Stops following the opened run and clears its curves. */
    public void closeRun() {
        openGeneration++;
        if (follow != null) {
            follow.cancel();
            follow = null;
        }
        following.set(false);
        opened.set(null);
        openedCurves.clear();
        openedText.set("No run opened");
    }

    public ReadOnlyObjectProperty<RunRow> openedProperty() {
        return opened.getReadOnlyProperty();
    }

    /** One line on the opened run. */
    public ReadOnlyStringProperty openedTextProperty() {
        return openedText.getReadOnlyProperty();
    }

    /** True while the opened run is followed. */
    public ReadOnlyBooleanProperty followingProperty() {
        return following.getReadOnlyProperty();
    }

    /** The opened run's curves. */
    public RunCurves openedCurves() {
        return openedCurves;
    }
}
