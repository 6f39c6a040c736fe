package dev.repmlp.engine.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A report folder written by {@link EvalReport}, read back without re-evaluating: the summary, the
 * confusion matrix and per-class table in memory (C x C counts), the per-image rows streamed from
 * predictions.csv on demand.
 *
 * @param dir the folder
 * @param summary summary.json
 * @param classes class names in matrix order
 * @param confusion counts, [true class][predicted class]
 * @param perClass per-class results in class order
 */
public record SavedReport(
        Path dir,
        JsonNode summary,
        List<String> classes,
        long[][] confusion,
        List<ClassResult> perClass) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads {@code dir}'s summary.json, confusion.csv and per_class.csv.
     *
     * @throws IOException when a file is missing or malformed, naming it and saying what it expects
     */
    public static SavedReport read(Path dir) throws IOException {
        Path conf = dir.resolve(EvalReport.CONFUSION);
        if (!Files.isRegularFile(conf)) {
            throw new IOException(
                    dir
                            + " holds no "
                            + EvalReport.CONFUSION
                            + ": choose a folder written by `repmlp test --report` or a run's"
                            + " best-val report");
        }
        Path summaryFile = dir.resolve(EvalReport.SUMMARY);
        JsonNode summary;
        try {
            summary = JSON.readTree(summaryFile.toFile());
        } catch (IOException e) {
            throw damaged(summaryFile, "not readable JSON (" + e.getClass().getSimpleName() + ")");
        }
        List<String> lines = Files.readAllLines(conf, StandardCharsets.UTF_8);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw damaged(conf, "empty (expected a header row of class names)");
        }
        List<String> head = Csv.split(lines.get(0));
        List<String> classes = List.copyOf(head.subList(1, head.size()));
        int c = classes.size();
        if (lines.size() < c + 1) {
            throw damaged(
                    conf, "has " + (lines.size() - 1) + " rows for " + c + " classes (cut short?)");
        }
        long[][] m = new long[c][c];
        for (int i = 0; i < c; i++) {
            List<String> row = Csv.split(lines.get(i + 1));
            if (row.size() != c + 1 || !row.get(0).equals(classes.get(i))) {
                throw new IOException(
                        conf
                                + " row "
                                + (i + 2)
                                + " is not \""
                                + classes.get(i)
                                + "\" + "
                                + c
                                + " counts");
            }
            for (int j = 0; j < c; j++) {
                m[i][j] = count(conf, i + 2, row.get(j + 1));
            }
        }
        List<ClassResult> per = new ArrayList<>();
        Path perClass = dir.resolve(EvalReport.PER_CLASS);
        List<String> pc = Files.readAllLines(perClass);
        for (int i = 1; i < pc.size(); i++) {
            List<String> r = Csv.split(pc.get(i));
            if (r.size() < 9) {
                throw damaged(
                        perClass, "row " + (i + 1) + " has " + r.size() + " cells, expected 9");
            }
            per.add(
                    new ClassResult(
                            r.get(0),
                            count(perClass, i + 1, r.get(5)),
                            count(perClass, i + 1, r.get(7)),
                            count(perClass, i + 1, r.get(6)),
                            count(perClass, i + 1, r.get(8))));
        }
        return new SavedReport(dir, summary, classes, m, List.copyOf(per));
    }

    private static IOException damaged(Path file, String what) {
        return new IOException(
                file
                        + " is damaged: "
                        + what
                        + "; write the report again with `repmlp test --report`");
    }

    private static long count(Path file, int line, String cell) throws IOException {
        try {
            return Long.parseLong(cell.strip());
        } catch (NumberFormatException e) {
            throw damaged(file, "row " + line + " holds \"" + cell + "\" where a count belongs");
        }
    }

    /** Whether predictions.csv is there (reports from training's counts only may lack it). */
    public boolean hasPredictions() {
        return Files.isRegularFile(dir.resolve(EvalReport.PREDICTIONS));
    }

    /**
     * The predictions rows that {@code filter} keeps, most confident first (by the predicted
     * class's probability). Reads the file once, keeping only the kept rows.
     */
    public List<PredictionRow> predictions(Predicate<PredictionRow> filter) throws IOException {
        List<PredictionRow> out = new ArrayList<>();
        try (BufferedReader r =
                Files.newBufferedReader(
                        dir.resolve(EvalReport.PREDICTIONS), StandardCharsets.UTF_8)) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                PredictionRow row = PredictionRow.parse(Csv.split(line));
                if (filter.test(row)) {
                    out.add(row);
                }
            }
        }
        out.sort(
                Comparator.comparingDouble(
                                (PredictionRow p) ->
                                        Double.isNaN(p.probability()) ? -1 : p.probability())
                        .reversed());
        return out;
    }

    /**
     * The images of true class {@code actual} predicted as {@code predicted}, most confident first.
     */
    public List<PredictionRow> cell(String actual, String predicted) throws IOException {
        return predictions(p -> p.trueClass().equals(actual) && p.predicted().equals(predicted));
    }

    /** The diagonal's sum: images predicted correctly. */
    public long correct() {
        long s = 0;
        for (int i = 0; i < confusion.length; i++) {
            s += confusion[i][i];
        }
        return s;
    }

    /** All counts' sum. */
    public long total() {
        long s = 0;
        for (long[] row : confusion) {
            for (long n : row) {
                s += n;
            }
        }
        return s;
    }
}
