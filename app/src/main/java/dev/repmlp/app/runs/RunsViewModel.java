package dev.repmlp.app.runs;

import dev.repmlp.app.charts.Curve;
import dev.repmlp.app.charts.RunCurves;
import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.concurrent.LatestRequest;
import dev.repmlp.app.tracking.RunsFolder;
import dev.repmlp.engine.runs.MetricsCsv;
import dev.repmlp.engine.runs.RunStatus;
import dev.repmlp.engine.runs.RunSummary;
import dev.repmlp.engine.slurm.Slurm;
import dev.repmlp.engine.slurm.SlurmRuns;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
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

    private final JobRunner jobRunner;
    private final Slurm slurm;
    private final ObservableList<RunListing.SweepGroup> sweeps =
            FXCollections.observableArrayList();
    private final ObservableList<RunListing.SweepGroup> sweepsView =
            FXCollections.unmodifiableObservableList(sweeps);
    private PauseTransition slurmPoll;
    private final RunsFolder runsFolder;
    private final Duration poll;
    private final StringProperty folderText = new SimpleStringProperty(this, "folderText", "");
    private final ObservableList<RunRow> runs = FXCollections.observableArrayList();
    private final ObservableList<RunRow> runsView = FXCollections.unmodifiableObservableList(runs);
    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper(this, "empty", true);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final RunNotesModel notes;
    private final RunComparisonModel comparison;
    private final OpenedRun openedRun;
    private final SlurmJobOutput jobOutput;
    private final RunOverlay overlay;
    private final RunCsvExport export;
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
        this.openedRun = new OpenedRun(jobRunner, poll, this::replaceRow);
        this.jobOutput = new SlurmJobOutput(jobRunner);
        this.overlay = new RunOverlay(jobRunner, notes, comparison);
        this.export = new RunCsvExport(jobRunner, message::set);
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

    // ---- one opened run (OpenedRun)

    /**
     * Shows the curves of {@code run}; while its state is running (or starting), keeps reading what
     * is appended to its metrics.jsonl every {@link #POLL}.
     */
    public void open(RunRow run) {
        openedRun.open(run);
    }

    /** Stops following the opened run and clears its curves. */
    public void closeRun() {
        openedRun.closeRun();
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
        jobOutput.showOutput(run);
    }

    /** Which job's output is shown. */
    public ReadOnlyStringProperty outputTitleProperty() {
        return jobOutput.outputTitleProperty();
    }

    /** The end of the shown job's standard output. */
    public ReadOnlyStringProperty stdoutProperty() {
        return jobOutput.stdoutProperty();
    }

    /** The end of the shown job's standard error. */
    public ReadOnlyStringProperty stderrProperty() {
        return jobOutput.stderrProperty();
    }

    /** The sweeps in the runs folder (read-only). */
    public ObservableList<RunListing.SweepGroup> sweeps() {
        return sweepsView;
    }

    // ---- overlay (RunOverlay)

    /** Overlays val top-1 per epoch and smoothed loss per step of {@code selected} runs. */
    public void compare(List<RunRow> selected) {
        overlay.compare(selected);
    }

    // ---- export (RunCsvExport)

    /**
     * Writes {@code run}'s metrics to {@code csv}: one file, a row per step and per epoch, the
     * {@code type} column telling which (see {@link MetricsCsv}).
     */
    public void exportCsv(RunRow run, Path csv) {
        export.exportCsv(run, csv);
    }

    /**
     * Writes one CSV per run into {@code folder}, as {@code <run name>-metrics.csv} (an existing
     * file of that name is replaced), off the FX thread.
     */
    public void exportCsv(List<RunRow> selected, Path folder) {
        export.exportCsv(selected, folder);
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

    /** The runs' notes and tags, the edited run and the table's filter. */
    public RunNotesModel notes() {
        return notes;
    }

    /** The settings and results table of the compared runs. */
    public RunComparisonModel comparison() {
        return comparison;
    }

    public ReadOnlyObjectProperty<RunRow> openedProperty() {
        return openedRun.openedProperty();
    }

    /** One line on the opened run. */
    public ReadOnlyStringProperty openedTextProperty() {
        return openedRun.openedTextProperty();
    }

    /** True while the opened run is followed. */
    public ReadOnlyBooleanProperty followingProperty() {
        return openedRun.followingProperty();
    }

    /** The opened run's curves. */
    public RunCurves openedCurves() {
        return openedRun.openedCurves();
    }

    /** Val top-1 per epoch of the compared runs, one curve each. */
    public ObservableList<Curve> overlayTop1() {
        return overlay.overlayTop1();
    }

    /**
     * Train loss per step of the compared runs: each run's raw curve (faint, named {@code NAME
     * (raw)}), then its smoothed one ({@link #smoothedLosses()}).
     */
    public ObservableList<Curve> overlayLoss() {
        return overlay.overlayLoss();
    }

    /** The smoothing of the compared runs' loss curves. */
    public SmoothedLosses smoothedLosses() {
        return overlay.smoothedLosses();
    }

    public ReadOnlyStringProperty overlayTextProperty() {
        return overlay.overlayTextProperty();
    }
}
