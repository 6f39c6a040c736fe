package dev.repmlp.app.training;

import dev.repmlp.app.concurrent.Job;
import dev.repmlp.app.concurrent.JobContext;
import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.RunRecords;
import dev.repmlp.engine.runs.StepMetrics;
import dev.repmlp.engine.train.TrainingListener;
import dev.repmlp.engine.train.TrainingRun;
import dev.repmlp.engine.train.ValidationProgress;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs one {@link TrainingRun} (new or resumed) to its end on a job thread. Everything the run
 * reports goes to {@code events} as {@link TrainingEvent}s; {@link #stop()} asks the run to stop
 * within one step (it leaves a checkpoint), even before the run has been created.
 */
final class TrainingJob implements Job<TrainingRun.Result> {

    /** Makes the run: {@code TrainingRun.create} or {@code TrainingRun.resume}. */
    @FunctionalInterface
    interface RunFactory {
        TrainingRun make(TrainingListener listener) throws Exception;
    }

    private final RunFactory factory;
    private final boolean withHistory;
    private final Consumer<TrainingEvent> events;
    private final AtomicReference<TrainingRun> run = new AtomicReference<>();
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    /**
     * @param factory makes the run with the listener it is given
     * @param withHistory whether to report the run's earlier records first (resuming)
     * @param events receives the reports, on the job thread
     */
    TrainingJob(RunFactory factory, boolean withHistory, Consumer<TrainingEvent> events) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.withHistory = withHistory;
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public TrainingRun.Result run(JobContext context) throws Exception {
        TrainingRun r =
                factory.make(
                        new TrainingListener() {
                            @Override
                            public void onStep(StepMetrics m) {
                                events.accept(new TrainingEvent.Step(m));
                            }

                            @Override
                            public void onEpoch(EpochMetrics m) {
                                events.accept(new TrainingEvent.Epoch(m));
                            }

                            @Override
                            public void onLog(String line) {
                                events.accept(new TrainingEvent.Log(line));
                            }

                            @Override
                            public void onValidation(ValidationProgress p) {
                                events.accept(new TrainingEvent.Validating(p));
                            }
                        });
        run.set(r);
        if (stopRequested.get()) {
            r.cancel();
        }
        events.accept(new TrainingEvent.Started(r.dir(), r.config()));
        if (withHistory) {
            events.accept(new TrainingEvent.History(RunRecords.readMetrics(r.dir())));
        }
        return r.run();
    }

    /** Asks the run to stop after its current step; any thread. */
    void stop() {
        stopRequested.set(true);
        TrainingRun r = run.get();
        if (r != null) {
            r.cancel();
        }
    }
}
