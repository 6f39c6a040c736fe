package dev.repmlp.app.training;

import dev.repmlp.app.charts.EpochPoint;
import dev.repmlp.app.charts.RunCurves;
import dev.repmlp.app.charts.StepPoint;
import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.FxBatcher;
import dev.repmlp.app.concurrent.UiThread;
import dev.repmlp.app.tracking.MetricPoints;
import dev.repmlp.engine.runs.StepMetrics;
import dev.repmlp.engine.train.TrainingRun;
import dev.repmlp.engine.train.ValidationProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The run monitor of the Train page: the state of the run, its status line, progress with ETA, live
 * curves and log, fed by the {@link TrainingEvent}s a {@link TrainingJob} reports. Events are
 * batched onto the UI thread ({@link FxBatcher}); the UI thread is injected, so the monitor can be
 * driven without the FX toolkit. UI thread only, apart from {@link #report}.
 */
public final class RunMonitor {
    /** Log lines kept. */
    static final int LOG_LINES = 5000;

    private final ReadOnlyObjectWrapper<TrainState> state =
            new ReadOnlyObjectWrapper<>(this, "state", TrainState.IDLE);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyStringWrapper status =
            new ReadOnlyStringWrapper(this, "status", "No run yet");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper progressText =
            new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper dataHint = new ReadOnlyStringWrapper(this, "dataHint", "");
    private final ReadOnlyObjectWrapper<Path> currentRun =
            new ReadOnlyObjectWrapper<>(this, "currentRun");
    private final RunCurves curves = new RunCurves();
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ObservableList<String> logView = FXCollections.unmodifiableObservableList(log);
    private final FxBatcher<TrainingEvent> events;
    private final Consumer<TrainingEvent.Started> onStarted;
    private final Runnable onFirstStep;
    private boolean announced;
    private int totalEpochs;
    private long firstGlobal = -1;
    private double firstTime;
    // the ETA is measured from here: after the first steps, which include warm-up (JIT, caches)
    private long anchorGlobal = -1;
    private double anchorTime;
    private StepMetrics lastStep;

    /**
     * Steps after the first one before the ETA is measured: the first steps of a run are slow
     * (class loading, JIT, allocator warm-up) and made the first estimate far too long.
     */
    static long warmupSteps(long totalSteps) {
        return Math.max(3, Math.min(20, totalSteps / 50));
    }

    private double imagesPerSec = Double.NaN;
    private double dataShare = Double.NaN;
    private int dataSteps;
    // the run's loader threads: the hint says "more workers" only while there are fewer than cores
    private int loaderWorkers;
    private double bestTop1 = Double.NaN;

    /**
     * @param ui where the reports are applied
     * @param onStarted told when the run exists (after {@link #currentRunProperty()} is set)
     * @param onFirstStep told at the first step of a run, when its config.json exists
     */
    public RunMonitor(
            UiThread ui, Consumer<TrainingEvent.Started> onStarted, Runnable onFirstStep) {
        this.events = new FxBatcher<>(this::apply, FxBatcher.DEFAULT_INTERVAL_MILLIS, ui);
        this.onStarted = Objects.requireNonNull(onStarted, "onStarted");
        this.onFirstStep = Objects.requireNonNull(onFirstStep, "onFirstStep");
        state.addListener((obs, old, value) -> running.set(value.isActive()));
    }

    /** Where a training job reports to; any thread. */
    void report(TrainingEvent event) {
        events.add(event);
    }

    /**
     * A run is being launched: clears the last run's curves, log and progress.
     *
     * @param epochs the run's epochs, if known before it starts (0: from its config)
     */
    void starting(int epochs) {
        curves.clear();
        log.clear();
        totalEpochs = epochs;
        announced = false;
        firstGlobal = -1;
        anchorGlobal = -1;
        lastStep = null;
        imagesPerSec = Double.NaN;
        dataShare = Double.NaN;
        dataSteps = 0;
        loaderWorkers = 0;
        bestTop1 = Double.NaN;
        progress.set(-1);
        progressText.set("");
        dataHint.set("");
        currentRun.set(null);
        state.set(TrainState.STARTING);
        status.set("Starting: loading the engine and the dataset...");
    }

    /** Stop was asked for; the run ends after its current step. */
    void stopping() {
        state.set(TrainState.STOPPING);
        status.set("Stopping after the current step...");
        showProgressWithoutEta();
    }

    /** The progress line as it was, without an ETA: once the run is stopping or over. */
    private void showProgressWithoutEta() {
        if (lastStep != null) {
            showProgress(lastStep, false);
        }
    }

    /** The run ended (completed or cancelled); applies the reports still queued first. */
    void ended(TrainingRun.Result r) {
        events.drain();
        currentRun.set(r.dir());
        showProgressWithoutEta();
        if (r.status() == dev.repmlp.engine.runs.RunStatus.COMPLETED) {
            progress.set(1);
            state.set(TrainState.COMPLETED);
            status.set(
                    String.format(
                            Locale.ROOT,
                            "Completed %d epochs%s \u00b7 %s",
                            r.epochsDone(),
                            Double.isNaN(r.bestTop1())
                                    ? ""
                                    : String.format(
                                            Locale.ROOT,
                                            " \u00b7 best val top-1 %.2f %%",
                                            r.bestTop1()),
                            r.dir().getFileName()));
        } else {
            state.set(TrainState.CANCELLED);
            status.set(
                    "Stopped after "
                            + r.epochsDone()
                            + " of "
                            + totalEpochs
                            + " epochs; Resume continues from the checkpoint");
        }
    }

    /** The run failed; applies the reports still queued first. */
    void failed(Throwable error) {
        events.drain();
        state.set(TrainState.FAILED);
        showProgressWithoutEta();
        status.set("Failed: " + Failures.describe(error));
    }

    /** Shows {@code text} as the status line (e.g. why a run cannot be resumed). */
    void say(String text) {
        status.set(text);
    }

    private void apply(List<TrainingEvent> batch) {
        List<StepPoint> steps = new ArrayList<>();
        List<EpochPoint> epochs = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        StepMetrics newest = null;
        ValidationProgress validating = null;
        for (TrainingEvent e : batch) {
            if (e instanceof TrainingEvent.Started s) {
                started(s);
            } else if (e instanceof TrainingEvent.History h) {
                curves.appendSteps(MetricPoints.steps(h.records().steps()));
                curves.appendEpochs(MetricPoints.epochs(h.records().epochs()));
                h.records().epochs().forEach(m -> best(m.valTop1()));
            } else if (e instanceof TrainingEvent.Step s) {
                if (!announced) {
                    announced = true;
                    onFirstStep.run();
                }
                steps.add(MetricPoints.of(s.metrics()));
                track(s.metrics());
                newest = s.metrics();
                validating = null;
            } else if (e instanceof TrainingEvent.Epoch ep) {
                epochs.add(MetricPoints.of(ep.metrics()));
                best(ep.metrics().valTop1());
            } else if (e instanceof TrainingEvent.Log l) {
                lines.add(l.line());
            } else if (e instanceof TrainingEvent.Validating v) {
                validating = v.progress();
            }
        }
        curves.appendSteps(steps);
        curves.appendEpochs(epochs);
        if (!lines.isEmpty()) {
            log.addAll(lines);
            if (log.size() > LOG_LINES) {
                log.remove(0, log.size() - LOG_LINES);
            }
        }
        if (validating != null) {
            // a validation reported after the batch's last step: it is what runs now
            showValidation(validating);
        } else if (newest != null) {
            // an ETA only while the run goes on (not once Stop was pressed)
            showProgress(newest, state.get() == TrainState.RUNNING);
        }
    }

    /** The progress line during an epoch-end validation: images done of all, and images/s. */
    private void showValidation(ValidationProgress p) {
        progressText.set(
                String.format(
                        Locale.ROOT,
                        "Validating epoch %d%s: %,d / %,d images, %.0f img/s",
                        p.epoch() + 1,
                        p.label(),
                        p.images(),
                        p.total(),
                        p.imagesPerSec()));
    }

    private void started(TrainingEvent.Started s) {
        currentRun.set(s.dir());
        loaderWorkers = s.config().loaderWorkers();
        totalEpochs = s.config().epochs();
        onStarted.accept(s);
        if (state.get() == TrainState.STARTING) {
            state.set(TrainState.RUNNING);
            status.set("Training " + s.dir().getFileName());
        }
    }

    private void best(double top1) {
        if (Double.isFinite(top1) && (Double.isNaN(bestTop1) || top1 > bestTop1)) {
            bestTop1 = top1;
        }
    }

    private void track(StepMetrics m) {
        long g = MetricPoints.globalStep(m);
        if (firstGlobal < 0) {
            firstGlobal = g;
            firstTime = m.time();
        }
        long total = (long) Math.max(1, totalEpochs) * Math.max(1, m.stepsPerEpoch());
        if (anchorGlobal < 0 && g - firstGlobal >= warmupSteps(total)) {
            anchorGlobal = g;
            anchorTime = m.time();
        }
        lastStep = m;
        double ips = m.imagesPerSec();
        if (Double.isFinite(ips)) {
            imagesPerSec = Double.isNaN(imagesPerSec) ? ips : 0.8 * imagesPerSec + 0.2 * ips;
        }
        double share = m.dataShare();
        if (Double.isFinite(share)) {
            dataShare = Double.isNaN(dataShare) ? share : 0.8 * dataShare + 0.2 * share;
            dataSteps++;
            // the first steps wait for the loader to fill its queue: judge after a few
            dataHint.set(
                    dataSteps >= 5
                            ? loaderHint(
                                    dataShare,
                                    loaderWorkers,
                                    Runtime.getRuntime().availableProcessors())
                            : "");
        }
    }

    /**
     * The Train page's advice for a smoothed data-wait share, or "" when the loader keeps up: more
     * workers while the run has fewer than the cores; with a worker per core already, what else
     * makes images faster.
     *
     * @param workers the run's loader workers (0: not known yet)
     * @param cores the cores of this machine
     */
    static String loaderHint(double share, int workers, int cores) {
        if (!(share > StepMetrics.LOADER_BOUND_SHARE)) {
            return "";
        }
        if (workers < cores) {
            return String.format(
                    Locale.ROOT,
                    "The loader is the bottleneck: steps wait %.0f %% of their time for images."
                            + " Give it more Loader workers (Run section, up to the %d cores), or"
                            + " use a dataset small enough for the in-memory cache.",
                    100 * share,
                    cores);
        }
        return String.format(
                Locale.ROOT,
                "The loader is the bottleneck: steps wait %.0f %% of their time for images, with"
                        + " a Loader worker per core already. A dataset small enough for the"
                        + " in-memory cache, a faster disk, smaller source images or a lighter"
                        + " augmentation (aug_preset) would help; more workers would not.",
                100 * share);
    }

    private void showProgress(StepMetrics m, boolean withEta) {
        long g = MetricPoints.globalStep(m);
        long total = (long) Math.max(1, totalEpochs) * Math.max(1, m.stepsPerEpoch());
        progress.set(Math.min(1.0, (double) g / total));
        String eta = "";
        if (withEta && anchorGlobal >= 0 && g > anchorGlobal) {
            // the mean step time since warm-up, validation pauses included
            double perStep = (m.time() - anchorTime) / (g - anchorGlobal);
            eta = " \u00b7 ETA " + duration(perStep * (total - g));
        }
        progressText.set(
                String.format(
                        Locale.ROOT,
                        "Epoch %d/%d \u00b7 step %d/%d \u00b7 %,.0f img/s%s%s%s",
                        m.epoch() + 1,
                        totalEpochs,
                        m.step() + 1,
                        m.stepsPerEpoch(),
                        Double.isNaN(imagesPerSec) ? 0 : imagesPerSec,
                        Double.isNaN(dataShare)
                                ? ""
                                : String.format(
                                        Locale.ROOT, " \u00b7 data wait %.0f %%", 100 * dataShare),
                        eta,
                        Double.isNaN(bestTop1)
                                ? ""
                                : String.format(
                                        Locale.ROOT, " \u00b7 best val top-1 %.2f %%", bestTop1)));
    }

    /** "45 s", "2 min 13 s", "1 h 05 min". */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /**
     * Advice when the data loader holds the steps up (data-wait share of the steps above {@link
     * StepMetrics#LOADER_BOUND_SHARE}), else "".
     */
    public ReadOnlyStringProperty dataHintProperty() {
        return dataHint.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TrainState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public TrainState getState() {
        return state.get();
    }

    /** True from Start (or Resume) until the run has ended. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** One line on the run: starting, training into, completed, stopped, failed and why. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Fraction of all steps done; -1 while unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Epoch, step, images/s and ETA. */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** The directory of the run in progress or last run. */
    public ReadOnlyObjectProperty<Path> currentRunProperty() {
        return currentRun.getReadOnlyProperty();
    }

    /** The live curves of the run. */
    public RunCurves curves() {
        return curves;
    }

    /** The run's log lines, the last {@value #LOG_LINES} (read-only). */
    public ObservableList<String> log() {
        return logView;
    }
}
