package dev.repmlp.engine.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A run on disk, written here and read by {@link RunRecords}: {@code config.json}, {@code
 * metrics.jsonl} (one JSON object a line, flushed as written so another process can follow it),
 * {@code state.json}, {@code log.txt} and {@code checkpoints/}. The CLI and the GUI write and read
 * the same layout.
 */
public final class RunDirectory implements Closeable {

    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.jsonl";
    public static final String LOG = "log.txt";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String STATE = "state.json";

    /**
     * The best validation epoch's evaluation report folder (confusion.csv, per_class.csv,
     * predictions.csv, summary.json; see {@code dev.repmlp.engine.eval.EvalReport}).
     */
    public static final String BEST_VAL_REPORT = "best-val";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private BufferedWriter metrics;
    private BufferedWriter log;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating if needed) a run directory for writing; fails clearly if unwritable. */
    public static RunDirectory open(Path dir) throws IOException {
        try {
            Files.createDirectories(dir.resolve(CHECKPOINTS));
        } catch (IOException e) {
            throw new IOException(
                    "cannot create run directory " + dir + ": " + e + "; choose a writable --out",
                    e);
        }
        if (!Files.isWritable(dir)) {
            throw new IOException(
                    "run directory " + dir + " is not writable; choose another --out");
        }
        RunDirectory r = new RunDirectory(dir);
        r.metrics = append(dir.resolve(METRICS));
        r.log = append(dir.resolve(LOG));
        return r;
    }

    private static BufferedWriter append(Path p) throws IOException {
        return Files.newBufferedWriter(
                p, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** A fresh, unused directory {@code parent/name} (suffixing -2, -3, ... if it exists). */
    public static Path unique(Path parent, String name) {
        Path p = parent.resolve(name);
        int i = 2;
        while (Files.exists(p)) {
            p = parent.resolve(name + "-" + i++);
        }
        return p;
    }

    /** A default run name: preset and time, e.g. {@code RepMLPNet-Demo-20261129-101500}. */
    public static String defaultName(String preset) {
        return preset
                + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    public Path path() {
        return dir;
    }

    public Path checkpoints() {
        return dir.resolve(CHECKPOINTS);
    }

    /** The checkpoint a run resumes from: {@code checkpoints/last.safetensors}. */
    public static Path lastCheckpoint(Path runDir) {
        return runDir.resolve(CHECKPOINTS).resolve("last.safetensors");
    }

    /** The checkpoint of the best validated epoch: {@code checkpoints/best.safetensors}. */
    public static Path bestCheckpoint(Path runDir) {
        return runDir.resolve(CHECKPOINTS).resolve("best.safetensors");
    }

    /**
     * The checkpoint kept after {@code epoch} epochs: {@code checkpoints/epoch-007.safetensors}.
     */
    public static Path epochCheckpoint(Path runDir, int epoch) {
        return runDir.resolve(CHECKPOINTS).resolve(String.format("epoch-%03d.safetensors", epoch));
    }

    /** The EMA weights (upstream layout, train-time) beside the last checkpoint. */
    public static Path emaWeights(Path runDir) {
        return runDir.resolve(CHECKPOINTS).resolve("last-ema.pth");
    }

    /** Writes config.json atomically. */
    public void writeConfig(ObjectNode config) throws IOException {
        writeAtomically(
                dir.resolve(CONFIG),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
    }

    /** Reads config.json. */
    public static ObjectNode readConfig(Path dir) throws IOException {
        Path p = dir.resolve(CONFIG);
        if (!Files.isRegularFile(p)) {
            throw new IOException(dir + " is not a run directory (no " + CONFIG + ")");
        }
        return (ObjectNode) JSON.readTree(p.toFile());
    }

    /** Appends a step record ({@code "type":"step"}) to metrics.jsonl and flushes it. */
    public void step(StepMetrics m) throws IOException {
        metric(RunRecords.stepRecord(m));
    }

    /**
     * Appends an epoch record ({@code "type":"epoch"}) to metrics.jsonl and flushes it.
     *
     * @param emaValTop1 validation top-1 of the EMA weights, written as {@code ema_val_top1}; NaN
     *     leaves it out
     */
    public void epoch(EpochMetrics m, double emaValTop1) throws IOException {
        metric(RunRecords.epochRecord(m, emaValTop1));
    }

    private synchronized void metric(ObjectNode record) throws IOException {
        metrics.write(JSON.writeValueAsString(record));
        metrics.write('\n');
        metrics.flush();
    }

    /** Appends a line to log.txt and flushes. */
    public synchronized void log(String line) throws IOException {
        log.write(line);
        log.write('\n');
        log.flush();
    }

    /** Writes state.json (status, epochs done, best) atomically. */
    public void writeState(RunState state) throws IOException {
        writeAtomically(
                dir.resolve(STATE),
                JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(RunRecords.stateRecord(state)));
    }

    /** Writes {@code bytes} to a temp file beside {@code target}, then renames it over. */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
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

    /** An empty JSON object for {@link #writeConfig}. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    @Override
    public void close() throws IOException {
        try {
            metrics.close();
        } finally {
            log.close();
        }
    }
}
