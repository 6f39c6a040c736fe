package dev.repmlp.app.runs;

import dev.repmlp.app.charts.Curve;
import dev.repmlp.app.charts.CurveStyle;
import dev.repmlp.app.charts.RunCurves;
import dev.repmlp.app.charts.XY;
import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.tracking.MetricPoints;
import dev.repmlp.engine.runs.MetricsChunk;
import dev.repmlp.engine.runs.RunRecords;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Runs page's Compare tab: val top-1 per epoch and smoothed train loss per step of the selected
 * runs overlaid, and their settings and results table. Files are read as a job. FX thread only.
 */
final class RunOverlay {
    private final JobRunner jobRunner;
    private final RunNotesModel notes;
    private final RunComparisonModel comparison;
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

    RunOverlay(JobRunner jobRunner, RunNotesModel notes, RunComparisonModel comparison) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
        this.notes = Objects.requireNonNull(notes, "notes");
        this.comparison = Objects.requireNonNull(comparison, "comparison");
    }

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

    public ReadOnlyStringProperty overlayTextProperty() {
        return overlayText.getReadOnlyProperty();
    }
}
