package dev.repmlp.app.runs;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.engine.runs.MetricsCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/** The Runs page's CSV export of runs' metrics, written as jobs (see {@link MetricsCsv}). */
final class RunCsvExport {
    private final JobRunner jobRunner;
    private final Consumer<String> message;

    /**
     * @param message told what was exported, or why not
     */
    RunCsvExport(JobRunner jobRunner, Consumer<String> message) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
        this.message = Objects.requireNonNull(message, "message");
    }

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
                done -> message.accept("Exported the metrics of " + run.name() + " to " + csv),
                error ->
                        message.accept(
                                "Cannot export to " + csv + ": " + Failures.describe(error)));
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
                        message.accept(
                                "Exported the metrics of "
                                        + done
                                        + " runs to "
                                        + folder
                                        + " (one CSV per run)"),
                error ->
                        message.accept(
                                "Cannot export to " + folder + ": " + Failures.describe(error)));
    }
}
