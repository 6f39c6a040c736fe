package dev.repmlp.engine.train;

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
 * A run on disk: {@code config.json}, {@code metrics.jsonl} (one JSON object a line, flushed as
 * written so another process can follow it), {@code log.txt} and {@code checkpoints/}. The CLI and
 * the GUI write and read the same layout.
 */
public final class RunDirectory implements Closeable {

    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.jsonl";
    public static final String LOG = "log.txt";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String STATE = "state.json";

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

    /** Appends one metrics record and flushes it. */
    public synchronized void metric(ObjectNode record) throws IOException {
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

    /** Small run-state file (status, epochs done, best), written atomically. */
    public void writeState(ObjectNode state) throws IOException {
        writeAtomically(
                dir.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
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

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ObjectMapper json() {
        return JSON;
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
