package dev.repmlp.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repmlp.engine.runs.RunNotes;
import dev.repmlp.engine.runs.RunRecords;
import dev.repmlp.engine.runs.RunSummary;
import dev.repmlp.engine.runs.RunsHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code repmlp runs}: the training runs in a folder with their status as the files on disk tell it
 * (a run whose process is gone is "interrupted", not "running").
 */
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the training runs under DIR (default: $REPMLP_RUNS, else repmlp-runs in the home"
                    + " folder, as repmlp train and the window): name, model, dataset, status"
                    + " (completed, running, interrupted, cancelled, failed, diverged), epoch,"
                    + " best val top-1 and when it last changed; the tags and notes kept in each run's"
                    + " notes.json (--json: \"notes\" and \"tags\")."
        })
final class RunsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Folder of runs.")
    Path dir;

    @Option(names = "--json", description = "One JSON array, one object a run.")
    boolean json;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
                    .withZone(ZoneId.systemDefault());

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (dir == null) {
            dir = RunsHome.defaultFolder();
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            // a file listed as "no runs" hides the mistake (e.g. REPMLP_RUNS set to a file)
            throw new IllegalArgumentException(
                    dir
                            + " is a file, not a folder of runs: give a folder (DIR, or set "
                            + RunsHome.VARIABLE
                            + " to one)");
        }
        List<RunSummary> runs = RunRecords.list(dir);
        if (json) {
            ObjectMapper m = new ObjectMapper();
            ArrayNode a = m.createArrayNode();
            for (RunSummary r : runs) {
                ObjectNode o = a.addObject();
                o.put("name", r.name());
                o.put("dir", r.dir().toString());
                o.put("model", r.preset());
                o.put("dataset", r.dataset());
                o.put("status", r.status().label());
                o.put("reason", r.reason());
                o.put("epochs_done", r.epochsDone());
                o.put("epochs", r.epochs());
                if (Double.isFinite(r.bestValTop1())) {
                    o.put("best_val_top1", r.bestValTop1());
                } else {
                    o.putNull("best_val_top1");
                }
                o.put("resumable", r.resumable());
                o.put("updated", r.updated().toString());
                try {
                    RunNotes n = RunNotes.read(r.dir());
                    o.put("notes", n.notes());
                    n.tags().forEach(o.putArray("tags")::add);
                } catch (IOException e) {
                    o.put("notes", "");
                    o.putArray("tags");
                    o.put("notes_problem", e.getMessage());
                }
            }
            out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(a));
            out.flush();
            return 0;
        }
        if (runs.isEmpty()) {
            out.println("no runs in " + dir);
            out.flush();
            return 0;
        }
        // the name column fits the longest name: default names (preset-date-time) pass 28
        int nameWidth = 28;
        for (RunSummary r : runs) {
            nameWidth = Math.max(nameWidth, r.name().length());
        }
        String fmt = "%-" + nameWidth + "s %-18s %-20s %-12s %7s %8s  %s%n";
        out.printf(
                Locale.ROOT, fmt, "NAME", "MODEL", "DATASET", "STATUS", "EPOCH", "BEST", "UPDATED");
        for (RunSummary r : runs) {
            String ds = r.dataset() == null ? "-" : Path.of(r.dataset()).getFileName().toString();
            out.printf(
                    Locale.ROOT,
                    fmt,
                    r.name(),
                    r.preset(),
                    ds,
                    r.status().label(),
                    r.epochsDone() + "/" + r.epochs(),
                    Double.isFinite(r.bestValTop1())
                            ? String.format(Locale.ROOT, "%.2f%%", r.bestValTop1())
                            : "-",
                    TIME.format(r.updated()));
            if (r.reason() != null) {
                out.println("    " + r.status().label() + ": " + r.reason());
            }
            try {
                RunNotes n = RunNotes.read(r.dir());
                if (!n.tags().isEmpty()) {
                    out.println("    tags: " + n.tagsText());
                }
            } catch (IOException e) {
                out.println("    notes: " + e.getMessage());
            }
        }
        out.flush();
        return 0;
    }
}
