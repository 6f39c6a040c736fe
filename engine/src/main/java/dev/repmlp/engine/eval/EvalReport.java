package dev.repmlp.engine.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repmlp.engine.infer.EvalResult;
import dev.repmlp.engine.infer.Evaluator;
import dev.repmlp.engine.infer.Scores;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * Collects an evaluation pass's per-image results as {@link Evaluator} produces them: a confusion
 * matrix (true class x predicted class counts), per-class top-5 hits and, when writing to a folder,
 * one {@code predictions.csv} row per image streamed to a temporary file (memory holds the C x C
 * counts only, never per-image data). {@link #write} then writes the report's files, each
 * atomically (temp + rename): {@value #CONFUSION}, {@value #PREDICTIONS}, {@value #PER_CLASS},
 * {@value #SUMMARY}.
 *
 * <p>The predicted class is the top-1 (ties to the lower index, as {@link Scores#rank}). Images
 * whose logits are not finite have no prediction: they are counted in {@code non_finite}, left out
 * of the matrix, and their predictions row has empty predicted class and probabilities. So the
 * matrix's diagonal sum over its total is the top-1 whenever no logit was NaN or infinite.
 *
 * <p>With a reference net (train-time model beside its locality-injected twin) each row also gets
 * the max |logit difference| and whether both give the same top-1.
 */
public final class EvalReport implements Evaluator.Observer, AutoCloseable {
    public static final String CONFUSION = "confusion.csv";
    public static final String PREDICTIONS = "predictions.csv";
    public static final String PER_CLASS = "per_class.csv";
    public static final String SUMMARY = "summary.json";

    /** Top-k columns in predictions.csv. */
    public static final int TOP_K = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> classes;
    private final long[][] confusion;
    private final long[] top5Hits;
    private final long[] support;
    private final int k;
    private final Path dir;
    private final IntFunction<String> pathOf;
    private final Path predictionsTmp;
    private final Writer predictions;
    private long images;
    private long nonFinite;
    private long compared;
    private long sameTop1;
    private double maxLogitDiff;
    private boolean referenceSeen;
    private boolean done;

    private EvalReport(
            List<String> classes, Path dir, IntFunction<String> pathOf, boolean agreement)
            throws IOException {
        this.classes = List.copyOf(classes);
        int c = classes.size();
        this.confusion = new long[c][c];
        this.top5Hits = new long[c];
        this.support = new long[c];
        this.k = Math.min(TOP_K, c);
        this.dir = dir;
        this.pathOf = pathOf;
        if (dir != null && pathOf != null) {
            Files.createDirectories(dir);
            predictionsTmp = tempBeside(dir.resolve(PREDICTIONS));
            predictions = Files.newBufferedWriter(predictionsTmp, StandardCharsets.UTF_8);
            predictions.write(predictionsHeader(agreement));
            predictions.write('\n');
        } else {
            predictionsTmp = null;
            predictions = null;
        }
    }

    /** Counts only (no predictions file); {@link #write} writes the matrix, tables and summary. */
    public static EvalReport counts(List<String> classes) throws IOException {
        return new EvalReport(classes, null, null, false);
    }

    /**
     * Streams one predictions row per image into a temporary file in {@code dir} (created); {@code
     * pathOf} gives a sample index's path as written in the rows. Close it to drop the temporary
     * file when not calling {@link #write}. {@code agreement}: the evaluation runs a reference net,
     * whose agreement columns the rows get.
     */
    public static EvalReport streaming(
            List<String> classes, Path dir, IntFunction<String> pathOf, boolean agreement)
            throws IOException {
        return new EvalReport(classes, dir, pathOf, agreement);
    }

    /**
     * The report's class names for a model with {@code numClass} outputs evaluated on a folder with
     * {@code folderClasses} (no more than numClass): the folder's names, then {@code class_<i>} for
     * the head's outputs no folder names (a model may predict them).
     */
    public static List<String> classNames(List<String> folderClasses, int numClass) {
        List<String> names = new ArrayList<>(folderClasses);
        for (int i = names.size(); i < numClass; i++) {
            names.add("class_" + i);
        }
        return names;
    }

    /** The header of predictions.csv; {@code agreement} adds the train-vs-deploy columns. */
    public static String predictionsHeader(boolean agreement) {
        StringBuilder b = new StringBuilder("path,true_class,predicted_class,probability");
        for (int i = 1; i <= TOP_K; i++) {
            b.append(",top").append(i).append("_class,top").append(i).append("_prob");
        }
        b.append(",loss");
        if (agreement) {
            b.append(",max_abs_logit_diff,same_top1");
        }
        return b.toString();
    }

    @Override
    public void onSample(int index, int label, Scores scores, Scores reference) {
        images++;
        support[label]++;
        boolean finite = scores.isFinite();
        int[] top = scores.topK(k);
        if (finite) {
            confusion[label][top[0]]++;
            if (scores.rank(label) < k) {
                top5Hits[label]++;
            }
        } else {
            nonFinite++;
        }
        double diff = Double.NaN;
        boolean same = false;
        if (reference != null) {
            referenceSeen = true;
            diff = maxAbsDiff(scores, reference, classes.size());
            same = finite && reference.isFinite() && reference.topK(1)[0] == top[0];
            compared++;
            if (same) {
                sameTop1++;
            }
            if (!(diff <= maxLogitDiff)) {
                maxLogitDiff = diff; // NaN sticks
            }
        }
        if (predictions != null) {
            try {
                predictions.write(row(index, label, scores, top, finite, reference, diff, same));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(
                        "cannot write " + dir.resolve(PREDICTIONS) + ": " + e.getMessage(), e);
            }
        }
    }

    private static double maxAbsDiff(Scores a, Scores b, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            double d = Math.abs((double) a.logit(i) - b.logit(i));
            if (Double.isNaN(d)) {
                return Double.NaN;
            }
            m = Math.max(m, d);
        }
        return m;
    }

    private String row(
            int index,
            int label,
            Scores scores,
            int[] top,
            boolean finite,
            Scores reference,
            double diff,
            boolean same) {
        StringBuilder b = new StringBuilder();
        b.append(Csv.cell(pathOf.apply(index))).append(',').append(Csv.cell(classes.get(label)));
        double[] p = finite ? scores.probabilities() : null;
        if (finite) {
            b.append(',').append(Csv.cell(classes.get(top[0])));
            b.append(',').append(num(p[top[0]]));
        } else {
            b.append(",,");
        }
        for (int i = 0; i < TOP_K; i++) {
            if (finite && i < top.length) {
                b.append(',').append(Csv.cell(classes.get(top[i])));
                b.append(',').append(num(p[top[i]]));
            } else {
                b.append(",,");
            }
        }
        b.append(',').append(finite ? num(scores.crossEntropy(label)) : "");
        if (reference != null) {
            b.append(',').append(num(diff)).append(',').append(same);
        }
        return b.append('\n').toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    /** A fraction in [0, 1] with six decimals ({@code 1.000000}, {@code 0.990000}), "" for NaN. */
    private static String fraction(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    /**
     * {@code file} as predictions.csv writes it: relative to the dataset root that summary.json's
     * {@code data} names, with {@code /} separators (e.g. {@code cat/001.png}), so a report and its
     * dataset can be shared and moved together; absolute when {@code file} is not under {@code
     * root}.
     */
    public static String pathUnder(Path root, Path file) {
        Path r = root.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        if (!f.startsWith(r) || f.equals(r)) {
            return f.toString();
        }
        StringBuilder b = new StringBuilder();
        for (Path name : r.relativize(f)) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(name);
        }
        return b.toString();
    }

    /** The class names, in index order. */
    public List<String> classes() {
        return classes;
    }

    /** A copy of the counts: [true class][predicted class]. */
    public long[][] confusion() {
        long[][] c = new long[confusion.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = confusion[i].clone();
        }
        return c;
    }

    /** Images seen (readable ones; non-finite included). */
    public long images() {
        return images;
    }

    /** Images whose logits were NaN or infinite (not in the matrix). */
    public long nonFinite() {
        return nonFinite;
    }

    /** Per-class results, in class order. */
    public List<ClassResult> perClass() {
        int c = classes.size();
        List<ClassResult> out = new ArrayList<>(c);
        for (int j = 0; j < c; j++) {
            long predicted = 0;
            for (int i = 0; i < c; i++) {
                predicted += confusion[i][j];
            }
            out.add(
                    new ClassResult(
                            classes.get(j), support[j], predicted, confusion[j][j], top5Hits[j]));
        }
        return out;
    }

    /**
     * Writes the report into the folder given to {@link #streaming} (or {@code target} for a
     * counts-only report): each file atomically. {@code about} adds to summary.json (model,
     * weights, mode, resolution, versions); {@code result} gives its top-1, top-5, loss, images and
     * unreadable (the numbers printed beside).
     *
     * @throws IOException naming the file that could not be written
     */
    public void write(Path target, EvalResult result, Map<String, Object> about)
            throws IOException {
        Path out = dir != null ? dir : target;
        Files.createDirectories(out);
        if (predictions != null) {
            predictions.close();
            move(predictionsTmp, out.resolve(PREDICTIONS));
        }
        writeAtomically(out.resolve(CONFUSION), confusionCsv(classes, confusion));
        writeAtomically(out.resolve(PER_CLASS), perClassCsv(perClass()));
        ObjectNode s = JSON.createObjectNode();
        s.put("top1", result.top1());
        s.put("top5", result.top5());
        s.put("loss", result.loss());
        s.put("images", result.images());
        s.put("unreadable", result.skipped());
        s.put("non_finite", nonFinite);
        s.put("classes", classes.size());
        if (referenceSeen) {
            ObjectNode a = s.putObject("train_vs_deploy");
            a.put("images", compared);
            a.put("same_top1", sameTop1);
            a.put("max_abs_logit_diff", maxLogitDiff);
        }
        for (Map.Entry<String, Object> e : about.entrySet()) {
            s.set(e.getKey(), JSON.valueToTree(e.getValue()));
        }
        writeAtomically(
                out.resolve(SUMMARY),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s) + "\n");
        done = true;
    }

    /** confusion.csv's text: header (empty cell, predicted names), then a row per true class. */
    public static String confusionCsv(List<String> classes, long[][] confusion) {
        StringWriter w = new StringWriter();
        for (String c : classes) {
            w.write(',');
            w.write(Csv.cell(c));
        }
        w.write('\n');
        for (int i = 0; i < classes.size(); i++) {
            w.write(Csv.cell(classes.get(i)));
            for (long n : confusion[i]) {
                w.write(',');
                w.write(Long.toString(n));
            }
            w.write('\n');
        }
        return w.toString();
    }

    /** per_class.csv's text; fractions in [0, 1] with six decimals, empty when undefined. */
    public static String perClassCsv(List<ClassResult> rows) {
        StringBuilder b =
                new StringBuilder(
                        "class,precision,recall,f1,top5,support,correct,predicted,top5_correct\n");
        for (ClassResult r : rows) {
            b.append(Csv.cell(r.name()))
                    .append(',')
                    .append(fraction(r.precision()))
                    .append(',')
                    .append(fraction(r.recall()))
                    .append(',')
                    .append(fraction(r.f1()))
                    .append(',')
                    .append(fraction(r.top5()))
                    .append(',')
                    .append(r.support())
                    .append(',')
                    .append(r.correct())
                    .append(',')
                    .append(r.predicted())
                    .append(',')
                    .append(r.top5Correct())
                    .append('\n');
        }
        return b.toString();
    }

    /** Writes {@code text} (UTF-8) to a temp file beside {@code target}, then renames it over. */
    public static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = tempBeside(target);
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            move(tmp, target);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static Path tempBeside(Path target) {
        return target.resolveSibling(
                "."
                        + target.getFileName()
                        + "."
                        + Long.toHexString(ThreadLocalRandom.current().nextLong())
                        + ".tmp");
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(
                    tmp,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Drops the temporary predictions file unless {@link #write} ran. */
    @Override
    public void close() throws IOException {
        if (predictions != null) {
            predictions.close();
            if (!done) {
                Files.deleteIfExists(predictionsTmp);
            }
        }
    }
}
