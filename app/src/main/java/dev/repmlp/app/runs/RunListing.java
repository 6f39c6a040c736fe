package dev.repmlp.app.runs;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.engine.runs.RunRecords;
import dev.repmlp.engine.slurm.JobState;
import dev.repmlp.engine.slurm.Slurm;
import dev.repmlp.engine.slurm.SlurmException;
import dev.repmlp.engine.slurm.SlurmRecord;
import dev.repmlp.engine.slurm.SlurmRuns;
import dev.repmlp.engine.slurm.SlurmStatus;
import dev.repmlp.engine.slurm.Sweep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a runs folder for the Runs page, off the FX thread and without the FX toolkit: the runs
 * directly inside it, runs submitted to Slurm whose job has not written its config.json yet, and
 * sweeps (a folder with {@code sweep.json} and one run directory per point, one level down), each
 * Slurm run with its job's state from one {@code squeue} listing and its run directory.
 */
public final class RunListing {
    private static final Logger LOG = LoggerFactory.getLogger(RunListing.class);

    private RunListing() {}

    /**
     * One point of a sweep.
     *
     * @param values the grid value of each key, in the grid's key order
     * @param run the point's run directory
     * @param state its Slurm state (or run state when it ran here)
     * @param bestTop1 best val top-1 in percent, NaN when never validated
     */
    public record SweepPoint(List<String> values, Path run, String state, double bestTop1) {
        /** "71.50" or "" when never validated. */
        public String bestText() {
            return Double.isNaN(bestTop1) ? "" : String.format(Locale.ROOT, "%.2f", bestTop1);
        }
    }

    /**
     * A sweep folder.
     *
     * @param dir the sweep folder
     * @param job its job array ("" when its points ran on this machine)
     * @param keys the grid's keys
     * @param points one per grid point
     */
    public record SweepGroup(Path dir, String job, List<String> keys, List<SweepPoint> points) {
        public String name() {
            return dir.getFileName().toString();
        }

        /** The point with the best val top-1, if any was validated. */
        public Optional<SweepPoint> best() {
            return points.stream()
                    .filter(p -> !Double.isNaN(p.bestTop1()))
                    .max(Comparator.comparingDouble(SweepPoint::bestTop1));
        }
    }

    /**
     * A listing.
     *
     * @param runs every run, a sweep's points named {@code sweep/point}
     * @param sweeps the sweeps
     * @param queueProblem why squeue could not be asked ("" when it was, or no run is Slurm's)
     */
    public record Listing(List<RunRow> runs, List<SweepGroup> sweeps, String queueProblem) {}

    /**
     * Lists {@code folder}. squeue is asked once, and only when some run was submitted to Slurm.
     *
     * @throws IOException when the folder cannot be read
     */
    static Listing list(Path folder, Slurm slurm) throws IOException {
        List<Path> dirs = subfolders(folder);
        List<Path> runDirs = new ArrayList<>();
        List<Path> sweepDirs = new ArrayList<>();
        for (Path d : dirs) {
            if (Files.isRegularFile(d.resolve(Sweep.FILE))) {
                sweepDirs.add(d);
            } else if (isRunOrJob(d)) {
                runDirs.add(d);
            }
        }
        List<Sweep> sweeps = new ArrayList<>();
        List<Path> readSweeps = new ArrayList<>();
        for (Path d : sweepDirs) {
            try {
                Optional<Sweep> s = Sweep.read(d);
                if (s.isPresent()) {
                    sweeps.add(s.get());
                    readSweeps.add(d);
                }
            } catch (IOException e) {
                LOG.warn("Skipping sweep {}: {}", d, Failures.describe(e));
            }
        }
        boolean anySlurm =
                runDirs.stream().anyMatch(RunListing::isSlurm)
                        || sweeps.stream().anyMatch(s -> s.job() != null);
        Map<String, Slurm.QueueEntry> queue = null;
        String problem = "";
        if (anySlurm) {
            try {
                queue = slurm.queue();
            } catch (SlurmException e) {
                problem = Failures.describe(e);
            }
        }
        List<RunRow> rows = new ArrayList<>();
        for (Path d : runDirs) {
            row(d, d.getFileName().toString(), "", queue).ifPresent(rows::add);
        }
        List<SweepGroup> groups = new ArrayList<>();
        for (int i = 0; i < sweeps.size(); i++) {
            Sweep s = sweeps.get(i);
            Path dir = readSweeps.get(i);
            String sweepName = dir.getFileName().toString();
            List<String> keys = List.copyOf(s.grid().keySet());
            List<SweepPoint> points = new ArrayList<>();
            for (Sweep.Point p : s.points()) {
                Path run = dir.resolve(p.run()).normalize();
                Optional<RunRow> r =
                        row(run, sweepName + "/" + run.getFileName(), sweepName, queue);
                r.ifPresent(rows::add);
                List<String> values = keys.stream().map(k -> p.values().get(k)).toList();
                points.add(
                        new SweepPoint(
                                values,
                                run,
                                r.map(RunListing::stateText).orElse("not submitted"),
                                r.map(RunRow::bestTop1).orElse(Double.NaN)));
            }
            groups.add(new SweepGroup(dir, s.job() == null ? "" : s.job(), keys, points));
        }
        rows.sort(Comparator.comparing(RunRow::updated).reversed().thenComparing(RunRow::name));
        return new Listing(rows, groups, problem);
    }

    /** The Slurm state when there is one, else the run's own state. */
    static String stateText(RunRow r) {
        return r.slurm().isEmpty() ? r.state() : r.slurm();
    }

    private static List<Path> subfolders(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean isSlurm(Path d) {
        return Files.isRegularFile(d.resolve(SlurmRecord.FILE));
    }

    private static boolean isRunOrJob(Path d) {
        return RunRecords.hasRunFiles(d) || isSlurm(d);
    }

    /** The row of a run directory, empty when it is neither a run nor a submitted job. */
    static Optional<RunRow> row(
            Path dir, String name, String sweep, Map<String, Slurm.QueueEntry> queue) {
        try {
            RunRow base;
            if (RunRecords.isRun(dir)) {
                base = RunsViewModel.row(RunRecords.summaryOrDamaged(dir));
            } else if (isSlurm(dir)) {
                base = waiting(dir);
            } else if (RunRecords.hasRunFiles(dir)) {
                // config.json missing (killed while writing it): a damaged row, not a gap
                base = RunsViewModel.row(RunRecords.summaryOrDamaged(dir));
            } else {
                return Optional.empty();
            }
            Optional<SlurmStatus> status = SlurmRuns.status(dir, queue);
            String slurm = status.map(SlurmStatus::describe).orElse("");
            if (status.isPresent()
                    && status.get().state() == JobState.CANCELLED
                    && SlurmRecord.read(dir).map(SlurmRecord::cancelRequested).orElse(false)) {
                // squeue keeps a cancelled job's last pending reason (Priority, Resources), which
                // says nothing of why it ended
                slurm = JobState.CANCELLED.label() + " (cancelled from the workbench)";
            }
            String job = status.map(SlurmStatus::job).orElse(null);
            boolean cancellable = job != null && status.map(s -> !s.state().isFinal()).get();
            boolean live =
                    base.live()
                            || status.map(s -> s.state() == JobState.PENDING).orElse(false)
                            || status.map(s -> s.state() == JobState.RUNNING).orElse(false);
            return Optional.of(
                    new RunRow(
                            dir,
                            name,
                            base.preset(),
                            base.dataset(),
                            base.datasetPath(),
                            base.bestTop1(),
                            base.epochsDone(),
                            base.epochs(),
                            base.state(),
                            live,
                            base.updated(),
                            slurm,
                            job == null ? "" : job,
                            cancellable,
                            sweep));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Skipping run {}: {}", dir, Failures.describe(e));
            return Optional.empty();
        }
    }

    /** A submitted job that has not written its run directory's config.json yet. */
    private static RunRow waiting(Path dir) throws IOException {
        Instant updated = Files.getLastModifiedTime(dir.resolve(SlurmRecord.FILE)).toInstant();
        SlurmRecord rec = SlurmRecord.read(dir).orElseThrow();
        String preset = argument(rec.args(), "--arch");
        if (preset.isEmpty()) {
            preset = argument(rec.args(), "-a");
        }
        if (preset.isEmpty()) {
            preset = setting(rec.args(), "model.name");
        }
        String data = argument(rec.args(), "--data");
        String dataName = data;
        try {
            Path p = Path.of(data).getFileName();
            dataName = p == null ? data : p.toString();
        } catch (InvalidPathException e) {
            // keep the text
        }
        return new RunRow(
                dir,
                dir.getFileName().toString(),
                preset.isEmpty() ? "?" : preset,
                dataName,
                data,
                Double.NaN,
                0,
                epochs(
                        argument(rec.args(), "--epochs").isEmpty()
                                ? setting(rec.args(), "epochs")
                                : argument(rec.args(), "--epochs")),
                "not started",
                true,
                updated,
                "",
                "",
                false,
                "");
    }

    private static int epochs(String text) {
        try {
            return text.isEmpty() ? 0 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The value of {@code --set KEY=VALUE} (quotes of a JSON string removed), or "". */
    private static String setting(List<String> args, String key) {
        String v = "";
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("--set") && args.get(i + 1).startsWith(key + "=")) {
                v = args.get(i + 1).substring(key.length() + 1);
            }
        }
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
                ? v.substring(1, v.length() - 1)
                : v;
    }

    private static String argument(List<String> args, String option) {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals(option)) {
                return args.get(i + 1);
            }
        }
        return "";
    }
}
