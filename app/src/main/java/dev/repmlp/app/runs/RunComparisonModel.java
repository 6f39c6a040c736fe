package dev.repmlp.app.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.JobRunner;
import dev.repmlp.app.concurrent.LatestRequest;
import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.MetricsChunk;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunNotes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The settings table of the compared runs: reads their config.json files off the FX thread and
 * builds the {@link ComparisonTable} from them, their epoch records and their notes. FX thread
 * only.
 */
public final class RunComparisonModel {
    private final JobRunner jobRunner;
    private final ReadOnlyObjectWrapper<ComparisonTable> table =
            new ReadOnlyObjectWrapper<>(this, "table", ComparisonTable.EMPTY);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final LatestRequest requests = new LatestRequest();

    public RunComparisonModel(JobRunner jobRunner) {
        this.jobRunner = Objects.requireNonNull(jobRunner, "jobRunner");
    }

    /**
     * Compares {@code runs} whose metrics were read as {@code records} (one each, same order).
     *
     * @param notes each run's notes by its directory
     */
    public void show(
            List<RunRow> runs, List<MetricsChunk> records, Function<Path, RunNotes> notes) {
        List<RunRow> chosen = List.copyOf(runs);
        List<List<EpochMetrics>> epochs = records.stream().map(MetricsChunk::epochs).toList();
        List<RunNotes> n = chosen.stream().map(r -> notes.apply(r.dir())).toList();
        LatestRequest.Ticket ticket = requests.next();
        jobRunner.start(
                "Reading the settings of " + chosen.size() + " runs",
                context -> {
                    List<JsonNode> configs = new ArrayList<>();
                    List<String> unreadable = new ArrayList<>();
                    for (RunRow r : chosen) {
                        try {
                            configs.add(RunDirectory.readConfig(r.dir()));
                        } catch (IOException e) {
                            configs.add(null);
                            unreadable.add(Failures.describe(e));
                        }
                    }
                    return new Built(
                            ComparisonTable.of(
                                    chosen.stream().map(RunRow::name).toList(), configs, epochs, n),
                            String.join("; ", unreadable));
                },
                built -> {
                    if (ticket.isLatest()) {
                        set(built.table());
                        if (!built.problem().isEmpty()) {
                            summary.set(summary.get() + " \u00b7 " + built.problem());
                        }
                    }
                },
                error -> {
                    if (ticket.isLatest()) {
                        summary.set("Cannot compare the settings: " + Failures.describe(error));
                    }
                });
    }

    private record Built(ComparisonTable table, String problem) {}

    /** Shows {@code t}. */
    public void set(ComparisonTable t) {
        table.set(Objects.requireNonNull(t, "table"));
        summary.set(
                t.runs().isEmpty()
                        ? ""
                        : t.differing().size()
                                + (t.differing().size() == 1
                                        ? " setting differs"
                                        : " settings differ")
                                + ", "
                                + t.same().size()
                                + " the same in all "
                                + t.runs().size()
                                + " runs");
    }

    /** The comparison shown. */
    public ReadOnlyObjectProperty<ComparisonTable> tableProperty() {
        return table.getReadOnlyProperty();
    }

    /** "3 settings differ, 52 the same in all 2 runs". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
