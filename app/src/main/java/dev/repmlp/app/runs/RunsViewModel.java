package dev.repmlp.app.runs;

import dev.repmlp.app.charts.Curve;
import dev.repmlp.app.charts.CurveStyle;
import dev.repmlp.app.charts.RunCurves;
import dev.repmlp.app.charts.XY;
import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobContext;
import dev.repmlp.app.concurrent.JobHandle;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.concurrent.LatestRequest;
import dev.repmlp.app.tracking.MetricPoints;
import dev.repmlp.app.tracking.RunsFolder;
import dev.repmlp.engine.runs.MetricsChunk;
import dev.repmlp.engine.runs.MetricsCsv;
import dev.repmlp.engine.runs.RunRecords;
import dev.repmlp.engine.runs.RunStatus;
import dev.repmlp.engine.runs.RunSummary;
import dev.repmlp.engine.slurm.Slurm;
import dev.repmlp.engine.slurm.SlurmRecord;
import dev.repmlp.engine.slurm.SlurmRuns;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and actions of the Runs page: the runs in the runs folder, one opened run whose curves are
 * shown and, while it is still being written (by this app, the CLI or another machine sharing the
 * folder), followed by reading {@code metrics.jsonl} from the last offset every {@link #POLL}; the
 * curves of several runs overlaid; CSV export. Runs submitted to Slurm show their job's state (from
 * one squeue listing and the run directory, listed again every {@link #SLURM_POLL} while a job is
 * queued or running), can be cancelled (scancel), and show the job's stdout/stderr; sweeps are
 * listed as groups with their grid values against best val top-1. File reading and Slurm commands
 * run as jobs. FX thread only.
 */
public final class RunsViewModel {
    /** How often a live run's files are read again. */
    public static final Duration POLL = Duration.ofSeconds(1);

    /**
     * How often {@link #watch()} compares the runs folder's fingerprint (names, sizes, times) when
     * no file-system event woke it earlier: the fallback for network filesystems.
     */
    public static final Duration WATCH_POLL = Duration.ofSeconds(2);

    /** How often the runs folder is listed again while a Slurm job is queued or running. */
    public static final Duration SLURM_POLL = Duration.ofSeconds(5);

    /** At most this much of the end of a job's stdout/stderr is shown. */
    static final int OUTPUT_TAIL = 64 * 1024;

    private final JobRunner jobRunner;
    private final Slurm slurm;
    private final ObservableList<RunListing.SweepGroup> sweeps =
            FXCollections.observableArrayList();
    private final ObservableList<RunListing.SweepGroup> sweepsView =
            FXCollections.unmodifiableObservableList(sweeps);
    private final ReadOnlyStringWrapper outputTitle =
            new ReadOnlyStringWrapper(this, "outputTitle", "Select a Slurm run and press Output");
    private final ReadOnlyStringWrapper stdout = new ReadOnlyStringWrapper(this, "stdout", "");
    private final ReadOnlyStringWrapper stderr = new ReadOnlyStringWrapper(this, "stderr", "");
    private PauseTransition slurmPoll;
    private final RunsFolder runsFolder;
    private final Duration poll;
    private final StringProperty folderText = new SimpleStringProperty(this, "folderText", "");
    private final ObservableList<RunRow> runs = FXCollections.observableArrayList();
    private final ObservableList<RunRow> runsView = FXCollections.unmodifiableObservableList(runs);
    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper(this, "empty", true);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<RunRow> opened =
            new ReadOnlyObjectWrapper<>(this, "opened");
    private final ReadOnlyStringWrapper openedText =
            new ReadOnlyStringWrapper(this, "openedText", "No run opened");
    private final ReadOnlyBooleanWrapper following = new ReadOnlyBooleanWrapper(this, "following");
    private final RunCurves openedCurves = new RunCurves();

    /** Steps per epoch of the opened run, from its step records (for resume markers). */
    private int openedStepsPerEpoch;

    private final ObservableList<Curve> overlayTop1 = FXCollections.observableArrayList();
    private final ObservableList<Curve> overlayLoss = FXCollections.observableArrayList();
    private final ObservableList<Curve> overlayTop1View =
            FXCollections.unmodifiableObservableList(overlayTop1);
    private final ObservableList<Curve> overlayLossView =
            FXCollections.unmodifiableObservableList(overlayLoss);
    private final ReadOnlyStringWrapper overlayText =
            new ReadOnlyStringWrapper(
                    this, "overlayText", "Select two or more runs and press Compare");
    private final SmoothedLosses smoothedLosses = new SmoothedLosses(overlayLoss);
    private final RunNotesModel notes;
    private final RunComparisonModel comparison;
    private JobHandle follow;
    private int openGeneration;
    private final LatestRequest listings = new LatestRequest();
    private boolean syncingFolder;
    private FolderWatch watch;
    private Duration watchPoll;
    private boolean watchEvents;

    public RunsViewModel(JobRunner jobRunner, RunsFolder runsFolder) {
        this(jobRunner, runsFolder, POLL);
    }

    /**
     * @param poll how often a live run is read again
     */
    public RunsViewModel(JobRunner jobRunner, RunsFolder runsFolder, Duration poll) {
        this(jobRunner, runsFolder, poll, Slurm.configured());
    }

    /**
     * @param poll how often a live run is read again
     * @param slurm the Slurm commands squeue and scancel are run with
     */
    public RunsViewModel(JobRunner jobRunner, RunsFolder runsFolder, Duration poll, Slurm slurm) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
        this.slurm = Objects.requireNonNull(slurm, "slurm");
        this.runsFolder = Objects.requireNonNull(runsFolder, "runsFolder");
        this.poll = Objects.requireNonNull(poll, "poll");
        this.notes = new RunNotesModel(jobRunner);
        this.comparison = new RunComparisonModel(jobRunner);
        folderText.set(runsFolder.getPath().toString());
        folderText.addListener((obs, old, text) -> folderEdited(text));
        runsFolder
                .pathProperty()
                .addListener(
                        (obs, old, path) -> {
                            if (!syncingFolder) {
                                syncingFolder = true;
                                folderText.set(path.toString());
                                syncingFolder = false;
                            }
                            if (watch != null) {
                                watch(watchPoll, watchEvents);
                            }
                            refresh();
                        });
        runsFolder.revisionProperty().addListener((obs, old, value) -> refresh());
        refresh();
    }

    private void folderEdited(String text) {
        if (syncingFolder || text == null || text.isBlank()) {
            return;
        }
        try {
            Path p = Path.of(text.strip()).toAbsolutePath().normalize();
            if (!p.equals(runsFolder.getPath())) {
                syncingFolder = true;
                runsFolder.setPath(p);
                syncingFolder = false;
            }
        } catch (InvalidPathException e) {
            message.set("Not a valid folder: " + e.getReason());
        }
    }

    /**
     * Keeps the listing up to date by itself: runs that appear in the folder (e.g. started with
     * {@code repmlp train} in a terminal or on another machine) and their progress are listed again
     * within about {@link #WATCH_POLL}, sooner where file-system events work. Follows a change of
     * the runs folder; {@link #stopWatching()} ends it.
     */
    public void watch() {
        watch(WATCH_POLL);
    }

    /** {@link #watch()} comparing the folder every {@code every}. */
    public void watch(Duration every) {
        watch(every, true);
    }

    /**
     * @param fileEvents false: by comparing every {@code every} only, as on network filesystems
     */
    void watch(Duration every, boolean fileEvents) {
        stopWatching();
        watchPoll = Objects.requireNonNull(every, "every");
        watchEvents = fileEvents;
        FolderWatch[] mine = new FolderWatch[1];
        mine[0] =
                new FolderWatch(
                        runsFolder.getPath(),
                        every,
                        () ->
                                jobRunner
                                        .ui()
                                        .execute(
                                                () -> {
                                                    if (watch == mine[0]) {
                                                        refresh();
                                                    }
                                                }),
                        fileEvents);
        watch = mine[0];
    }

    /** Stops {@link #watch()}ing the runs folder. */
    public void stopWatching() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }

    /** Whether the runs folder is watched ({@link #watch()}). */
    public boolean isWatching() {
        return watch != null;
    }

    /** Lists the runs folder again (off the FX thread). */
    public void refresh() {
        Path folder = runsFolder.getPath();
        LatestRequest.Ticket listing = listings.next();
        jobRunner.start(
                "Listing runs",
                context -> RunListing.list(folder, slurm),
                l -> {
                    if (!listing.isLatest()) {
                        return;
                    }
                    runs.setAll(l.runs());
                    sweeps.setAll(l.sweeps());
                    notes.load(l.runs());
                    empty.set(runs.isEmpty());
                    message.set(
                            (runs.isEmpty()
                                            ? "No runs in " + folder
                                            : runs.size()
                                                    + (runs.size() == 1 ? " run in " : " runs in ")
                                                    + folder)
                                    + (l.queueProblem().isEmpty()
                                            ? ""
                                            : " \u00b7 Slurm states from the run directories"
                                                    + " only: "
                                                    + l.queueProblem()));
                    pollWhileQueued();
                },
                error -> {
                    if (listing.isLatest()) {
                        message.set("Cannot list " + folder + ": " + Failures.describe(error));
                    }
                });
    }

    /** Lists again after {@link #SLURM_POLL} while some Slurm job is queued or running. */
    private void pollWhileQueued() {
        boolean queued = runs.stream().anyMatch(RunRow::cancellable);
        if (!queued) {
            if (slurmPoll != null) {
                slurmPoll.stop();
            }
            return;
        }
        if (slurmPoll == null) {
            slurmPoll = new PauseTransition(javafx.util.Duration.millis(SLURM_POLL.toMillis()));
            slurmPoll.setOnFinished(e -> refresh());
        }
        slurmPoll.playFromStart();
    }

    /** Stops listing the folder again by itself (until the next {@link #refresh()}). */
    public void stopPolling() {
        if (slurmPoll != null) {
            slurmPoll.stop();
        }
    }

    static RunRow row(RunSummary s) {
        String data = s.dataset() == null ? "" : s.dataset();
        String dataName = data;
        try {
            Path p = Path.of(data).getFileName();
            dataName = p == null ? data : p.toString();
        } catch (InvalidPathException e) {
            // keep the text
        }
        return new RunRow(
                s.dir(),
                s.name(),
                s.preset(),
                dataName,
                data,
                s.bestValTop1(),
                s.epochsDone(),
                s.epochs(),
                // an unreadable run says why and what to do in its state cell
                s.status() == RunStatus.UNKNOWN && s.reason() != null
                        ? "damaged: " + s.reason()
                        : s.status().label(),
                s.status().isLive(),
                s.updated());
    }

    // ---- one opened run

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
        RunRow row = row(summary);
        opened.set(row);
        replaceRow(row);
        openedText.set(describe(row, live));
    }

    private void replaceRow(RunRow read) {
        for (int i = 0; i < runs.size(); i++) {
            RunRow old = runs.get(i);
            if (old.dir().equals(read.dir())) {
                // the run's files say nothing of its Slurm job or sweep: keep the listing's word
                RunRow row =
                        new RunRow(
                                read.dir(),
                                old.name(),
                                read.preset(),
                                read.dataset(),
                                read.datasetPath(),
                                read.bestTop1(),
                                read.epochsDone(),
                                read.epochs(),
                                read.state(),
                                read.live() || old.cancellable(),
                                read.updated(),
                                old.slurm(),
                                old.job(),
                                old.cancellable(),
                                old.sweep());
                if (!runs.get(i).equals(row)) {
                    runs.set(i, row);
                }
                return;
            }
        }
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

    // ---- Slurm

    /**
     * Cancels the run's Slurm job (scancel), noting in its slurm.json that the workbench asked,
     * then lists the folder again.
     */
    public void cancel(RunRow run) {
        if (!run.cancellable()) {
            message.set(run.name() + " has no queued or running Slurm job to cancel");
            return;
        }
        jobRunner.start(
                "Cancelling Slurm job " + run.job(),
                context -> {
                    SlurmRuns.cancel(slurm, run.dir());
                    return null;
                },
                done -> {
                    message.set("Asked Slurm to cancel job " + run.job() + " of " + run.name());
                    refresh();
                },
                error ->
                        message.set(
                                "Cannot cancel " + run.name() + ": " + Failures.describe(error)));
    }

    /** Reads the end of the run's Slurm job's stdout and stderr (slurm-JOB.out/.err). */
    public void showOutput(RunRow run) {
        jobRunner.start(
                "Reading the output of " + run.name(),
                context -> output(run.dir()),
                o -> {
                    outputTitle.set(run.name() + " \u00b7 " + o[0]);
                    stdout.set(o[1]);
                    stderr.set(o[2]);
                },
                error -> {
                    outputTitle.set(
                            run.name()
                                    + " \u00b7 cannot read its output: "
                                    + Failures.describe(error));
                    stdout.set("");
                    stderr.set("");
                });
    }

    /** {what was read, stdout's tail, stderr's tail}. */
    static String[] output(Path dir) throws IOException {
        SlurmRecord rec =
                SlurmRecord.read(dir)
                        .filter(r -> r.job() != null)
                        .orElseThrow(
                                () ->
                                        new IOException(
                                                "it was not submitted to Slurm (no job in "
                                                        + dir.resolve(SlurmRecord.FILE)
                                                        + ")"));
        Path out = rec.stdout(dir);
        Path err = rec.stderr(dir);
        if (!Files.exists(out) && !Files.exists(err)) {
            return new String[] {
                "job " + rec.job() + " has written no output yet (" + out.getFileName() + ")",
                "",
                ""
            };
        }
        return new String[] {
            "job " + rec.job() + ": " + out.getFileName() + ", " + err.getFileName(),
            tail(out),
            tail(err)
        };
    }

    /** The last {@link #OUTPUT_TAIL} bytes of {@code file} ("" when it does not exist). */
    static String tail(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, f.length() - OUTPUT_TAIL);
            byte[] b = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(b);
            String text = new String(b, StandardCharsets.UTF_8);
            return start == 0 ? text : "[... earlier output left out ...]\n" + text;
        }
    }

    /** The sweeps in the runs folder (read-only). */
    public ObservableList<RunListing.SweepGroup> sweeps() {
        return sweepsView;
    }

    /** Which job's output is shown. */
    public ReadOnlyStringProperty outputTitleProperty() {
        return outputTitle.getReadOnlyProperty();
    }

    /** The end of the shown job's standard output. */
    public ReadOnlyStringProperty stdoutProperty() {
        return stdout.getReadOnlyProperty();
    }

    /** The end of the shown job's standard error. */
    public ReadOnlyStringProperty stderrProperty() {
        return stderr.getReadOnlyProperty();
    }

    // ---- overlay

    /** Overlays val top-1 per epoch and smoothed loss per step of {@code selected} runs. */
    public void compare(List<RunRow> selected) {
        List<RunRow> chosen = List.copyOf(selected);
        if (chosen.isEmpty()) {
            return;
        }
        jobRunner.start(
                "Comparing " + chosen.size() + " runs",
                context -> {
                    List<MetricsChunk> all = new ArrayList<>();
                    for (RunRow r : chosen) {
                        all.add(RunRecords.readMetrics(r.dir()));
                    }
                    return all;
                },
                records -> {
                    showOverlay(chosen, records);
                    comparison.show(chosen, records, notes::notesOf);
                },
                error -> overlayText.set("Cannot compare: " + Failures.describe(error)));
    }

    private void showOverlay(List<RunRow> chosen, List<MetricsChunk> records) {
        List<Curve> top1 = new ArrayList<>();
        List<List<XY>> loss = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            RunCurves c = new RunCurves();
            c.appendSteps(MetricPoints.steps(records.get(i).steps()));
            c.appendEpochs(MetricPoints.epochs(records.get(i).epochs()));
            String name = chosen.get(i).name();
            Curve t = new Curve(name, CurveStyle.LINE_AND_MARKERS, i);
            t.append(c.valTop1().points());
            top1.add(t);
            loss.add(List.copyOf(c.loss().points()));
        }
        overlayTop1.setAll(top1);
        smoothedLosses.show(chosen.stream().map(RunRow::name).toList(), loss);
        overlayText.set(
                "Comparing "
                        + chosen.size()
                        + " runs: val top-1 per epoch, train loss per step (raw faint, smoothed"
                        + " as set beside)");
    }

    // ---- export

    /**
     * Writes {@code run}'s metrics to {@code csv}: one file, a row per step and per epoch, the
     * {@code type} column telling which (see {@link MetricsCsv}).
     */
    public void exportCsv(RunRow run, Path csv) {
        jobRunner.start(
                "Exporting " + run.name(),
                context -> {
                    MetricsCsv.export(run.dir(), csv);
                    return null;
                },
                done -> message.set("Exported the metrics of " + run.name() + " to " + csv),
                error -> message.set("Cannot export to " + csv + ": " + Failures.describe(error)));
    }

    /**
     * Writes one CSV per run into {@code folder}, as {@code <run name>-metrics.csv} (an existing
     * file of that name is replaced), off the FX thread.
     */
    public void exportCsv(List<RunRow> selected, Path folder) {
        List<RunRow> rows = List.copyOf(selected);
        jobRunner.start(
                "Exporting " + rows.size() + " runs",
                context -> {
                    Files.createDirectories(folder);
                    int done = 0;
                    for (RunRow r : rows) {
                        if (context.isCancelled()) {
                            break;
                        }
                        MetricsCsv.export(r.dir(), folder.resolve(r.name() + "-metrics.csv"));
                        done++;
                    }
                    return done;
                },
                done ->
                        message.set(
                                "Exported the metrics of "
                                        + done
                                        + " runs to "
                                        + folder
                                        + " (one CSV per run)"),
                error ->
                        message.set(
                                "Cannot export to " + folder + ": " + Failures.describe(error)));
    }

    // ---- properties

    /** The runs folder as typed (shared with the Train page's). */
    public StringProperty folderTextProperty() {
        return folderText;
    }

    public Path folder() {
        return runsFolder.getPath();
    }

    /** The runs, most recently updated first (read-only). */
    public ObservableList<RunRow> runs() {
        return runsView;
    }

    /** True while the runs folder holds no runs; the view shows its empty state meanwhile. */
    public ReadOnlyBooleanProperty emptyProperty() {
        return empty.getReadOnlyProperty();
    }

    public boolean isEmpty() {
        return empty.get();
    }

    /** The last listing, export or error message. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
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

    /** Val top-1 per epoch of the compared runs, one curve each. */
    public ObservableList<Curve> overlayTop1() {
        return overlayTop1View;
    }

    /**
     * Train loss per step of the compared runs: each run's raw curve (faint, named {@code NAME
     * (raw)}), then its smoothed one ({@link #smoothedLosses()}).
     */
    public ObservableList<Curve> overlayLoss() {
        return overlayLossView;
    }

    /** The smoothing of the compared runs' loss curves. */
    public SmoothedLosses smoothedLosses() {
        return smoothedLosses;
    }

    /** The runs' notes and tags, the edited run and the table's filter. */
    public RunNotesModel notes() {
        return notes;
    }

    /** The settings and results table of the compared runs. */
    public RunComparisonModel comparison() {
        return comparison;
    }

    public ReadOnlyStringProperty overlayTextProperty() {
        return overlayText.getReadOnlyProperty();
    }
}
