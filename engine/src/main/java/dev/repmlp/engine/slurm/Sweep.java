package dev.repmlp.engine.slurm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.repmlp.engine.runs.RunRecords;
import dev.repmlp.engine.runs.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A grid sweep ({@code sweep.json} in its folder): the cartesian product of the grid's values, one
 * training run per point in a subfolder, the first key varying slowest.
 *
 * @param format {@code repmlp-sweep/1}
 * @param grid each key (a {@code --set} name such as {@code base_lr}) and its values, in order
 * @param points the points, in the order of their runs (and of the job array's tasks)
 * @param trainArgs the {@code repmlp train} arguments every point shares
 * @param job the job array, or null when the points run on this machine
 * @param created when the sweep was made (ISO-8601)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Sweep(
        @JsonProperty("format") String format,
        @JsonProperty("grid") Map<String, List<String>> grid,
        @JsonProperty("points") List<Point> points,
        @JsonProperty("train_args") List<String> trainArgs,
        @JsonProperty("job") String job,
        @JsonProperty("created") String created) {

    /** The sweep's file in its folder. */
    public static final String FILE = "sweep.json";

    /**
     * @param index the point's position (the array task index)
     * @param values the grid value of each key at this point
     * @param run the point's run folder, relative to the sweep folder
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Point(
            @JsonProperty("index") int index,
            @JsonProperty("values") Map<String, String> values,
            @JsonProperty("run") String run) {

        /** The {@code --set KEY=VALUE} arguments of this point. */
        public List<String> setArgs() {
            List<String> l = new ArrayList<>();
            values.forEach(
                    (k, v) -> {
                        l.add("--set");
                        l.add(k + "=" + v);
                    });
            return l;
        }
    }

    public Sweep {
        grid = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(grid));
        points = List.copyOf(points);
        trainArgs = trainArgs == null ? List.of() : List.copyOf(trainArgs);
    }

    /**
     * Parses {@code --grid} arguments.
     *
     * @param specs e.g. {@code ["base_lr=1e-3,2e-3", "weight_decay=0.05,0.1"]}
     * @throws IllegalArgumentException for a spec without {@code =} or values, an empty value, or a
     *     key given twice
     */
    public static Map<String, List<String>> parseGrid(List<String> specs) {
        if (specs == null || specs.isEmpty()) {
            throw new IllegalArgumentException(
                    "a sweep needs at least one --grid KEY=V1,V2 (e.g. --grid base_lr=1e-3,4e-3)");
        }
        Map<String, List<String>> grid = new LinkedHashMap<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new IllegalArgumentException(
                        "--grid '" + spec + "' is not KEY=V1,V2 (e.g. --grid base_lr=1e-3,4e-3)");
            }
            String key = spec.substring(0, eq).strip();
            List<String> values = new ArrayList<>();
            for (String v : spec.substring(eq + 1).split(",", -1)) {
                if (v.isBlank()) {
                    throw new IllegalArgumentException(
                            "--grid '" + spec + "' has an empty value; separate values by commas");
                }
                values.add(v.strip());
            }
            if (grid.put(key, List.copyOf(values)) != null) {
                throw new IllegalArgumentException(
                        "--grid names " + key + " twice; give all its values in one --grid");
            }
        }
        return grid;
    }

    /** The sweep of {@code grid}: its points and their run folder names. */
    public static Sweep of(Map<String, List<String>> grid, List<String> trainArgs) {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> e : grid.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String v : e.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(e.getKey(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        int width = String.valueOf(combos.size() - 1).length();
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < combos.size(); i++) {
            points.add(new Point(i, combos.get(i), runName(i, width, combos.get(i))));
        }
        return new Sweep("repmlp-sweep/1", grid, points, trainArgs, null, SlurmRecord.now());
    }

    /** E.g. {@code 03-base_lr=0.002-weight_decay=0.1}: safe as a folder name everywhere. */
    static String runName(int index, int width, Map<String, String> values) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%0" + width + "d", index));
        values.forEach((k, v) -> b.append('-').append(k).append('=').append(v));
        String name = b.toString().replaceAll("[^A-Za-z0-9_.=+-]", "_");
        return name.length() > 120 ? name.substring(0, 120) : name;
    }

    /** This sweep submitted as {@code job}. */
    public Sweep withJob(String job) {
        return new Sweep(format, grid, points, trainArgs, job, created);
    }

    /**
     * A point's outcome as its run directory records it.
     *
     * @param point the point
     * @param status the run's {@code state.json} status as {@link RunRecords#state} reads it
     *     ({@code -} when it has none yet, {@code unreadable} when it is damaged)
     * @param bestValTop1 best validation top-1 in percent, NaN when never validated
     */
    public record PointResult(Point point, String status, double bestValTop1) {}

    /** Each point's status and best val top-1, read from the run directories under {@code dir}. */
    public List<PointResult> results(Path dir) {
        List<PointResult> l = new ArrayList<>();
        for (Point p : points) {
            // state.json read as `repmlp runs` reads it (a run whose process is gone: interrupted)
            RunState state = RunRecords.state(dir.resolve(p.run()), 0);
            String status =
                    switch (state.status()) {
                        case STARTING -> "-";
                        case UNKNOWN -> "unreadable";
                        default -> state.status().label();
                    };
            double best = state.bestValTop1();
            l.add(new PointResult(p, status, best));
        }
        return l;
    }

    /** A plain-text table: one row per point, its grid values, status and best val top-1. */
    public String table(Path dir) {
        List<String> head = new ArrayList<>(grid.keySet());
        head.add("status");
        head.add("best val top-1");
        List<List<String>> rows = new ArrayList<>();
        for (PointResult r : results(dir)) {
            List<String> row = new ArrayList<>();
            for (String k : grid.keySet()) {
                row.add(r.point().values().get(k));
            }
            row.add(r.status());
            row.add(
                    Double.isNaN(r.bestValTop1())
                            ? "-"
                            : String.format(Locale.ROOT, "%.2f%%", r.bestValTop1()));
            rows.add(row);
        }
        int[] w = new int[head.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = head.get(i).length();
            for (List<String> row : rows) {
                w[i] = Math.max(w[i], row.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        List<List<String>> all = new ArrayList<>();
        all.add(head);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < w.length; i++) {
                if (i + 1 < w.length) {
                    b.append(String.format(Locale.ROOT, "%-" + w[i] + "s  ", row.get(i)));
                } else {
                    b.append(row.get(i)).append('\n');
                }
            }
        }
        return b.toString();
    }

    /** Writes {@code dir/sweep.json} atomically. */
    public void write(Path dir) throws IOException {
        SlurmRecord.writeAtomically(dir.resolve(FILE), SlurmRecord.JSON.writeValueAsBytes(this));
    }

    /** The sweep in {@code dir}, if it holds one. */
    public static Optional<Sweep> read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SlurmRecord.JSON.readValue(f.toFile(), Sweep.class));
        } catch (IOException e) {
            throw new IOException(f + " is not a readable sweep: " + e.getMessage(), e);
        }
    }
}
