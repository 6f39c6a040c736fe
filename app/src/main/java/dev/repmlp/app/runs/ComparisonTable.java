package dev.repmlp.app.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.RunNotes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The comparison of runs as the Runs page shows it: the runs' names, their results (best and last
 * validated epoch), their tags and notes, and their settings split into those that differ and those
 * that are the same in every run. Built without the FX toolkit.
 *
 * @param runs the runs' names, one column each
 * @param results best/last val top-1, top-5, loss and epoch, one row each
 * @param notes the tags and the notes
 * @param differing the settings whose values are not all the same
 * @param same the settings every run has with the same value
 */
public record ComparisonTable(
        List<String> runs,
        List<Row> results,
        List<Row> notes,
        List<RunComparison.Setting> differing,
        List<RunComparison.Setting> same) {

    /** An empty comparison. */
    public static final ComparisonTable EMPTY =
            new ComparisonTable(List.of(), List.of(), List.of(), List.of(), List.of());

    /**
     * A row that is not a setting.
     *
     * @param key what it shows, e.g. "best val top-1 %"
     * @param values one per run
     */
    public record Row(String key, List<String> values) {
        public Row {
            values = List.copyOf(values);
        }
    }

    public ComparisonTable {
        runs = List.copyOf(runs);
        results = List.copyOf(results);
        notes = List.copyOf(notes);
        differing = List.copyOf(differing);
        same = List.copyOf(same);
    }

    /**
     * Compares runs.
     *
     * @param names the runs' names
     * @param configs their config.json (null when unreadable)
     * @param epochs their epoch records
     * @param notes their notes and tags
     * @throws IllegalArgumentException when the lists' sizes differ
     */
    public static ComparisonTable of(
            List<String> names,
            List<JsonNode> configs,
            List<List<EpochMetrics>> epochs,
            List<RunNotes> notes) {
        int n = names.size();
        if (configs.size() != n || epochs.size() != n || notes.size() != n) {
            throw new IllegalArgumentException(
                    "one config, epoch list and notes per run: "
                            + n
                            + " names, "
                            + configs.size()
                            + " configs, "
                            + epochs.size()
                            + " epoch lists, "
                            + notes.size()
                            + " notes");
        }
        List<RunComparison.Results> res = epochs.stream().map(RunComparison::results).toList();
        List<Row> results =
                List.of(
                        row("best val top-1 %", res, r -> RunComparison.percent(r.bestTop1())),
                        row("best val top-5 %", res, r -> RunComparison.percent(r.bestTop5())),
                        row("best val loss", res, r -> RunComparison.loss(r.bestLoss())),
                        row("best epoch", res, r -> epoch(r.bestEpoch())),
                        row("last val top-1 %", res, r -> RunComparison.percent(r.lastTop1())),
                        row("last val top-5 %", res, r -> RunComparison.percent(r.lastTop5())),
                        row("last val loss", res, r -> RunComparison.loss(r.lastLoss())),
                        row("last epoch", res, r -> epoch(r.lastEpoch())));
        List<Row> notesRows =
                List.of(
                        row("tags", notes, RunNotes::tagsText),
                        row("notes", notes, r -> r.notes().strip().replace('\n', ' ')));
        List<RunComparison.Setting> differing = new ArrayList<>();
        List<RunComparison.Setting> same = new ArrayList<>();
        for (RunComparison.Setting s : RunComparison.settings(configs)) {
            (s.differs() ? differing : same).add(s);
        }
        return new ComparisonTable(names, results, notesRows, differing, same);
    }

    private static String epoch(int e) {
        return e == 0 ? RunComparison.ABSENT : Integer.toString(e);
    }

    private static <T> Row row(String key, List<T> items, Function<T, String> value) {
        return new Row(key, items.stream().map(value).toList());
    }
}
