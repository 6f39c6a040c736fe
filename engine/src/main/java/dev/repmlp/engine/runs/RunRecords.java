package dev.repmlp.engine.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run files' format: reads run directories ({@link RunDirectory}'s layout) written by this
 * process or another one, and encodes the records {@link RunDirectory} writes, so that writer and
 * reader sit side by side. Reads a run's summary, the runs in a folder, and {@code metrics.jsonl}
 * incrementally from a byte offset, so a viewer can follow a run while the CLI (or a server) is
 * still writing it.
 *
 * <p>A writer appends one JSON object a line and flushes after each, so a reader may meet a
 * half-written last line: it is left for the next read, never parsed.
 */
public final class RunRecords {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecords.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunRecords() {}

    /** True when {@code dir} holds a run ({@code config.json}). */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunDirectory.CONFIG));
    }

    /**
     * True when {@code dir} holds a run's files: a config.json, or what a run writes beside it
     * ({@code run.lock}, {@code state.json}, {@code metrics.jsonl}, {@code log.txt}, {@code
     * checkpoints/}, a leftover {@code config.json.tmp}), e.g. a run killed while writing its
     * config.json. Such a folder is listed, as damaged when its config.json cannot be read.
     */
    public static boolean hasRunFiles(Path dir) {
        if (isRun(dir)) {
            return true;
        }
        for (String f :
                new String[] {
                    RunDirectory.LOCK,
                    RunDirectory.STATE,
                    RunDirectory.METRICS,
                    RunDirectory.LOG,
                    RunDirectory.CONFIG + ".tmp"
                }) {
            if (Files.isRegularFile(dir.resolve(f))) {
                return true;
            }
        }
        return Files.isDirectory(dir.resolve(RunDirectory.CHECKPOINTS));
    }

    /**
     * The summary of the run in {@code dir}, or, when its config.json is missing or damaged, a
     * {@link RunStatus#UNKNOWN} row that is not resumable, whose reason names the file, the problem
     * and the fix. Never throws: a listing shows every run folder.
     */
    public static RunSummary summaryOrDamaged(Path dir) {
        try {
            return summary(dir);
        } catch (IOException | RuntimeException e) {
            return unreadable(dir, e);
        }
    }

    /**
     * The summary of the run in {@code dir}.
     *
     * @throws IOException when {@code dir} is not a run directory or its config.json is unreadable
     */
    public static RunSummary summary(Path dir) throws IOException {
        JsonNode config = RunDirectory.readConfig(dir);
        JsonNode training = config.path("training");
        String preset = text(training.path("model").path("name"));
        String dataset = text(config.path("dataset"));
        if (dataset == null) {
            dataset = text(training.path("data_path"));
        }
        int epochs = training.path("epochs").asInt(0);
        String[] reason = new String[1];
        RunState state = readState(dir, epochs, reason);
        // a run with no checkpoint yet resumes from its start; so does one whose state.json is
        // damaged (resume rewrites it) when no writer holds it
        boolean resumable =
                state.status().isResumable()
                        || (state.status() == RunStatus.UNKNOWN && !writerAlive(dir));
        Instant updated = Files.getLastModifiedTime(dir.resolve(RunDirectory.CONFIG)).toInstant();
        for (String f : new String[] {RunDirectory.METRICS, RunDirectory.STATE}) {
            Path p = dir.resolve(f);
            if (Files.isRegularFile(p)) {
                Instant t = Files.getLastModifiedTime(p).toInstant();
                updated = t.isAfter(updated) ? t : updated;
            }
        }
        return new RunSummary(
                dir,
                dir.getFileName().toString(),
                preset == null ? "?" : preset,
                dataset,
                state.status(),
                state.epochsDone(),
                state.epochs(),
                state.bestValTop1(),
                resumable,
                updated,
                reason[0]);
    }

    /**
     * The run's state.json; {@link RunStatus#STARTING} when there is none yet (no epoch finished),
     * {@link RunStatus#UNKNOWN} when it cannot be read.
     *
     * @param epochs the configured epochs, for when state.json does not say
     */
    static RunState readState(Path dir, int epochs) {
        return readState(dir, epochs, new String[1]);
    }

    /** The run's state as {@link #summary} reads it (owner checked). */
    public static RunState state(Path dir, int epochs) {
        return readState(dir, epochs, new String[1]);
    }

    /**
     * As {@link #readState(Path, int)}; a live status whose owner process is gone reads as {@link
     * RunStatus#INTERRUPTED}. {@code reason[0]} receives the recorded or found reason.
     */
    static RunState readState(Path dir, int epochs, String[] reason) {
        Path statePath = dir.resolve(RunDirectory.STATE);
        if (!Files.isRegularFile(statePath)) {
            // written right after config.json: none means the writer is starting, or is gone
            RunDirectory.Owner w = RunDirectory.lockOwner(dir);
            if (w != null && !w.alive()) {
                reason[0] = "no state.json and its process (" + w + ") is gone";
                return new RunState(RunStatus.INTERRUPTED, 0, epochs, Double.NaN);
            }
            return new RunState(RunStatus.STARTING, 0, epochs, Double.NaN);
        }
        try {
            JsonNode state = JSON.readTree(statePath.toFile());
            RunStatus status = RunStatus.of(text(state.path("status")));
            reason[0] = text(state.path("reason"));
            JsonNode o = state.path("owner");
            if (status.isLive() && o.path("pid").isNumber()) {
                RunDirectory.Owner owner =
                        new RunDirectory.Owner(
                                o.path("pid").asLong(),
                                o.path("host").asText(""),
                                o.path("started").asText(""));
                if (!owner.alive()) {
                    status = RunStatus.INTERRUPTED;
                    reason[0] = "its process (" + owner + ") is gone";
                } else if (!owner.host().equals(RunDirectory.hostName())
                        && stale(state.path("updated").asText(""))) {
                    // another host: its process cannot be seen; trust the heartbeat
                    status = RunStatus.INTERRUPTED;
                    reason[0] =
                            "no heartbeat from "
                                    + owner
                                    + " since "
                                    + state.path("updated").asText()
                                    + " (another host)";
                }
            }
            return new RunState(
                    status,
                    state.path("epochs_done").asInt(0),
                    state.path("epochs").asInt(epochs),
                    number(state.path("best_val_top1")));
        } catch (IOException e) {
            // state.json is replaced atomically; an unreadable one is damaged, not half-written
            LOG.warn("Cannot read {}: {}", statePath, e.getMessage());
            reason[0] =
                    statePath
                            + " is damaged ("
                            + firstLine(e)
                            + (writerAlive(dir)
                                    ? ")"
                                    : "); --resume rewrites it from checkpoints/last");
            return new RunState(RunStatus.UNKNOWN, 0, epochs, Double.NaN);
        }
    }

    /** Whether the writer that {@code run.lock} names still runs. */
    private static boolean writerAlive(Path dir) {
        RunDirectory.Owner w = RunDirectory.lockOwner(dir);
        return w != null && w.alive();
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    /** A run on another host whose last heartbeat is older than this reads interrupted. */
    static final java.time.Duration HEARTBEAT_STALE = java.time.Duration.ofMinutes(30);

    private static boolean stale(String updated) {
        try {
            return OffsetDateTime.parse(updated)
                    .toInstant()
                    .isBefore(Instant.now().minus(HEARTBEAT_STALE));
        } catch (java.time.DateTimeException e) {
            return false;
        }
    }

    /** state.json's object for {@code s}. */
    static ObjectNode stateRecord(RunState s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", s.status().label());
        o.put("epochs_done", s.epochsDone());
        o.put("epochs", s.epochs());
        putNumber(o, "best_val_top1", s.bestValTop1());
        o.put("updated", OffsetDateTime.now().toString());
        return o;
    }

    /** The metrics.jsonl line of a step, as {@link #parseLine} reads it back. */
    static ObjectNode stepRecord(StepMetrics m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "step");
        o.put("epoch", m.epoch());
        o.put("step", m.step());
        o.put("steps_per_epoch", m.stepsPerEpoch());
        o.put("loss", m.loss());
        o.put("lr", m.lr());
        o.put("images_per_sec", m.imagesPerSec());
        o.put("time", m.time());
        putNumber(o, "data_time", m.dataSeconds());
        putNumber(o, "step_time", m.stepSeconds());
        return o;
    }

    /**
     * The metrics.jsonl line of an epoch with its unreadable-image counts (null: left out), as
     * {@link #parseLine} reads it back (the counts are for people and tools; not parsed).
     */
    static ObjectNode epochRecord(EpochMetrics m, double emaValTop1, Unreadable skipped) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "epoch");
        o.put("epoch", m.epoch());
        putNumber(o, "train_loss", m.trainLoss());
        putNumber(o, "train_top1", m.trainTop1());
        putNumber(o, "val_loss", m.valLoss());
        putNumber(o, "val_top1", m.valTop1());
        putNumber(o, "val_top5", m.valTop5());
        o.put("seconds", m.seconds());
        if (!Double.isNaN(emaValTop1)) {
            putNumber(o, "ema_val_top1", emaValTop1);
        }
        if (skipped != null) {
            o.put("unreadable_train", skipped.train());
            o.put("unreadable_val", skipped.val());
            o.put("unreadable_total", skipped.total());
        }
        return o;
    }

    /** Writes finite numbers as they are and NaN/infinity as JSON null. */
    private static void putNumber(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) {
            o.put(k, v);
        } else {
            o.putNull(k);
        }
    }

    /**
     * The runs directly inside {@code runsDir}, most recently updated first. Folders without run
     * files ({@link #hasRunFiles}) are not runs and are left out; a run whose config.json is
     * missing or cannot be read is listed {@link RunStatus#UNKNOWN}, not resumable, with the reason
     * and the fix. A missing {@code runsDir} holds no runs.
     */
    public static List<RunSummary> list(Path runsDir) throws IOException {
        if (!Files.isDirectory(runsDir)) {
            return List.of();
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(runsDir)) {
            dirs = s.filter(Files::isDirectory).filter(RunRecords::hasRunFiles).toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<RunSummary> runs = new ArrayList<>();
        for (Path d : dirs) {
            runs.add(summaryOrDamaged(d));
        }
        runs.sort(
                Comparator.comparing(RunSummary::updated)
                        .reversed()
                        .thenComparing(RunSummary::name));
        return runs;
    }

    /** The row of a run whose config.json cannot be read: what is known, and why. */
    private static RunSummary unreadable(Path d, Exception e) {
        Instant updated;
        try {
            updated = Files.getLastModifiedTime(d).toInstant();
        } catch (IOException ex) {
            updated = Instant.EPOCH;
        }
        String reason =
                isRun(d)
                        ? firstLine(e)
                        : d.resolve(RunDirectory.CONFIG)
                                + " is missing (the run was likely killed while writing it, so"
                                + " it cannot be resumed or opened); its "
                                + RunDirectory.LOG
                                + " tells what happened: start a new run, then delete this"
                                + " folder";
        return new RunSummary(
                d,
                d.getFileName().toString(),
                "?",
                null,
                RunStatus.UNKNOWN,
                0,
                0,
                Double.NaN,
                false,
                updated,
                reason);
    }

    /** All complete records of the run's metrics.jsonl (empty when there is none yet). */
    public static MetricsChunk readMetrics(Path runDir) throws IOException {
        return readMetrics(runDir, 0);
    }

    /**
     * The complete records appended to the run's metrics.jsonl from byte {@code offset} on. Pass
     * the returned {@link MetricsChunk#nextOffset()} to the next call to get only newer records. A
     * half-written last line stays unread until its newline arrives; a missing file reads as empty.
     */
    public static MetricsChunk readMetrics(Path runDir, long offset) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        Path file = runDir.resolve(RunDirectory.METRICS);
        byte[] bytes;
        boolean restarted = false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < offset) {
                restarted = true;
                offset = 0;
            }
            long length = size - offset;
            if (length > Integer.MAX_VALUE - 8) {
                throw new IOException(file + " has more than 2 GB of new records");
            }
            bytes = new byte[(int) length];
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            long pos = offset;
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) {
                    break;
                }
                pos += n;
            }
        } catch (NoSuchFileException e) {
            return new MetricsChunk(List.of(), List.of(), 0, offset > 0, 0);
        }
        int end = lastNewline(bytes);
        List<StepMetrics> steps = new ArrayList<>();
        List<EpochMetrics> epochs = new ArrayList<>();
        int skipped = 0;
        int start = 0;
        MetricsChunk.Position[] resumedAt = new MetricsChunk.Position[1];
        for (int i = 0; i <= end; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            String line = new String(bytes, start, i - start, StandardCharsets.UTF_8).strip();
            start = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.contains("\"resume\"") && resumeMarker(line, steps, epochs, resumedAt)) {
                continue;
            }
            if (!parseLine(line, steps, epochs)) {
                skipped++;
            }
        }
        return new MetricsChunk(steps, epochs, offset + end + 1, restarted, skipped, resumedAt[0]);
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Applies a resume marker ({@code "type":"resume"}): the records from its position on, which
     * the resumed run writes again, are dropped so that each step is seen once; {@code earliest[0]}
     * becomes the earliest marker's position (for records read before).
     *
     * @return false when the line is not a resume marker
     */
    private static boolean resumeMarker(
            String line,
            List<StepMetrics> steps,
            List<EpochMetrics> epochs,
            MetricsChunk.Position[] earliest) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            return false;
        }
        if (n == null || !"resume".equals(n.path("type").asText()) || !n.path("epoch").isNumber()) {
            return false;
        }
        int e = n.get("epoch").asInt();
        int st = n.path("step").asInt(0);
        steps.removeIf(m -> m.epoch() > e || (m.epoch() == e && m.step() >= st));
        epochs.removeIf(m -> m.epoch() >= e);
        MetricsChunk.Position at = new MetricsChunk.Position(e, st);
        MetricsChunk.Position was = earliest[0];
        if (was == null
                || at.epoch() < was.epoch()
                || (at.epoch() == was.epoch() && at.step() < was.step())) {
            earliest[0] = at;
        }
        return true;
    }

    /** Parses one metrics line into the matching list; false when it is not a valid record. */
    static boolean parseLine(String line, List<StepMetrics> steps, List<EpochMetrics> epochs) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            return false;
        }
        if (n == null || !n.isObject() || !n.path("epoch").isNumber()) {
            return false;
        }
        switch (n.path("type").asText("")) {
            case "step" -> {
                if (!n.path("step").isNumber()) {
                    return false;
                }
                steps.add(
                        new StepMetrics(
                                n.get("epoch").asInt(),
                                n.get("step").asInt(),
                                n.path("steps_per_epoch").asInt(0),
                                number(n.path("loss")),
                                number(n.path("lr")),
                                number(n.path("images_per_sec")),
                                number(n.path("time")),
                                number(n.path("data_time")),
                                number(n.path("step_time"))));
                return true;
            }
            case "epoch" -> {
                epochs.add(
                        new EpochMetrics(
                                n.get("epoch").asInt(),
                                number(n.path("train_loss")),
                                number(n.path("train_top1")),
                                number(n.path("val_loss")),
                                number(n.path("val_top1")),
                                number(n.path("val_top5")),
                                number(n.path("seconds"))));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }
}
