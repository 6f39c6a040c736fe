package dev.repmlp.engine.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repmlp.engine.io.AtomicFiles;
import dev.repmlp.engine.io.FaultPoint;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

// Over 500 lines on purpose: it is the one writer of a run directory's format, with the crash-
// safety rules that make the format readable after a kill (the run.lock owner and heartbeat,
// whole-line appends with torn-line repair, atomic whole files, folder claiming that two
// submissions never share); the readers are in RunRecords. Splitting the lock from the appends
// would spread one invariant (one live writer, every file whole) over several classes.
/**
 * A run on disk, written here and read by {@link RunRecords}: {@code config.json}, {@code
 * metrics.jsonl} (one JSON object a line, flushed as written so another process can follow it),
 * {@code state.json}, {@code log.txt} and {@code checkpoints/}. The CLI and the GUI write and read
 * the same layout.
 *
 * <p>Crash safety: a run directory has one writer, holding an exclusive lock on {@code run.lock} (a
 * second writer is refused, naming the holder); every whole file is written atomically (temp,
 * fsync, rename); a metrics or log line is appended whole or not at all (a failed append is
 * truncated back, and a torn last line from a kill is cut off when the directory is opened again);
 * {@code state.json} names its owner (pid, host, start) and carries a heartbeat, so that a reader
 * can tell a live run from one whose process is gone.
 */
public final class RunDirectory implements Closeable {

    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.jsonl";
    public static final String LOG = "log.txt";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String STATE = "state.json";
    public static final String LOCK = "run.lock";

    /**
     * The best validation epoch's evaluation report folder (confusion.csv, per_class.csv,
     * predictions.csv, summary.json; see {@code dev.repmlp.engine.eval.EvalReport}).
     */
    public static final String BEST_VAL_REPORT = "best-val";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private FileChannel metrics;
    private FileChannel log;
    private FileChannel lockChannel;
    private FileLock lock;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** This process as a run's owner: pid, host and start time. */
    public record Owner(long pid, String host, String started) {
        /** The current process. */
        public static Owner current() {
            ProcessHandle me = ProcessHandle.current();
            return new Owner(
                    me.pid(),
                    hostName(),
                    me.info().startInstant().map(Instant::toString).orElse(""));
        }

        /**
         * Whether this owner's process still runs: for this host, the pid exists with the same
         * start time; for another host it cannot be known (true).
         */
        public boolean alive() {
            if (!host.equals(hostName())) {
                return true;
            }
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .map(
                            h ->
                                    started.isEmpty()
                                            || h.info()
                                                    .startInstant()
                                                    .map(i -> i.toString().equals(started))
                                                    .orElse(true))
                    .orElse(false);
        }

        /**
         * The owner a {@code run.lock} names ("pid 12 on host (since 2026-...Z)", as {@link
         * #toString} writes it), or null when the text is not that.
         */
        public static Owner parse(String text) {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("pid (\\d+) on (\\S+)(?: \\(since (\\S+)\\))?")
                            .matcher(text.strip());
            if (!m.matches()) {
                return null;
            }
            return new Owner(
                    Long.parseLong(m.group(1)), m.group(2), m.group(3) == null ? "" : m.group(3));
        }

        @Override
        public String toString() {
            return "pid "
                    + pid
                    + " on "
                    + host
                    + (started.isEmpty() ? "" : " (since " + started + ")");
        }
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String h = System.getenv("HOSTNAME");
            return h == null ? "localhost" : h;
        }
    }

    /**
     * The last writer {@code run.lock} names (it is rewritten by each writer that takes the lock),
     * or null when there is none or it cannot be read.
     */
    public static Owner lockOwner(Path dir) {
        try {
            return Owner.parse(Files.readString(dir.resolve(LOCK), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return null;
        }
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
        r.lock();
        try {
            r.metrics = appendable(dir.resolve(METRICS));
            r.log = appendable(dir.resolve(LOG));
        } catch (IOException e) {
            r.close();
            throw e;
        }
        return r;
    }

    /** Takes the run's writer lock, or fails naming the process that holds it. */
    private void lock() throws IOException {
        Path p = dir.resolve(LOCK);
        lockChannel =
                FileChannel.open(
                        p,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder;
            try {
                holder = Files.readString(p, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                holder = "";
            }
            lockChannel.close();
            throw new IOException(
                    "run "
                            + dir
                            + " is being written by another process"
                            + (holder.isEmpty() ? "" : " (" + holder + ")")
                            + "; wait for it to end or stop it, or start a new run");
        }
        byte[] me = (Owner.current().toString() + "\n").getBytes(StandardCharsets.UTF_8);
        lockChannel.truncate(0);
        lockChannel.write(ByteBuffer.wrap(me), 0);
    }

    /**
     * Opens {@code p} for whole-line appends, first cutting off a torn last line (no newline) that
     * a kill or a full disk left behind.
     */
    private static FileChannel appendable(Path p) throws IOException {
        FileChannel ch =
                FileChannel.open(
                        p,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        long size = ch.size();
        long keep = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (keep > 0) {
            one.clear();
            ch.read(one, keep - 1);
            if (one.get(0) == '\n') {
                break;
            }
            keep--;
        }
        if (keep < size) {
            ch.truncate(keep);
        }
        ch.position(keep);
        return ch;
    }

    /**
     * Removes the temporary files ({@code .NAME.HEX.tmp}, {@code NAME.tmp}) a killed writer left in
     * the run directory and its checkpoints; call while holding the run (after {@link #open}).
     *
     * @return the files removed
     */
    public List<Path> removeLeftovers() throws IOException {
        List<Path> removed = new ArrayList<>();
        for (Path d : List.of(dir, checkpoints())) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            List<Path> tmps;
            try (Stream<Path> s = Files.list(d)) {
                tmps =
                        s.filter(
                                        f ->
                                                AtomicFiles.isLeftover(f)
                                                        || f.getFileName()
                                                                .toString()
                                                                .endsWith(".tmp"))
                                .toList();
            }
            for (Path t : tmps) {
                if (Files.deleteIfExists(t)) {
                    removed.add(t);
                }
            }
        }
        return removed;
    }

    /**
     * Creates a fresh directory {@code parent/name}, or {@code name-2}, {@code name-3}, ... when
     * taken: the creation itself decides, so two runs started at once never share one.
     */
    public static Path claimFresh(Path parent, String name) throws IOException {
        Files.createDirectories(parent);
        Path p = parent.resolve(name);
        int i = 2;
        while (true) {
            try {
                return Files.createDirectory(p);
            } catch (FileAlreadyExistsException e) {
                p = parent.resolve(name + "-" + i++);
            }
        }
    }

    /**
     * Claims exactly {@code dir} for a new run (a Slurm job's folder): creates it, or, when it
     * exists, creates its {@code run.lock} (empty: no writer yet); the creation decides, so two
     * submissions at once never get the same folder.
     *
     * @throws IOException naming the folder when it already holds (or is claimed for) a run
     */
    public static Path claimExactly(Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new IOException(dir + " is a file, not a folder; choose another --run-dir");
            }
        }
        try {
            Files.createFile(dir.resolve(LOCK));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(
                    dir + " already holds a run; use --resume " + dir + " or another --run-dir");
        }
        return dir;
    }

    /**
     * A directory {@code parent/name} (suffixing -2, -3, ... if it exists) that is free now, for
     * display (e.g. a script preview): a run claims its folder with {@link #claimFresh}.
     */
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

    /**
     * Writes config.json atomically.
     *
     * @throws IOException naming the file, the reason and the fix (no config.json is left)
     */
    public void writeConfig(ObjectNode config) throws IOException {
        try {
            writeAtomically(
                    dir.resolve(CONFIG),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
        } catch (IOException e) {
            throw new IOException(
                    e.getMessage() + "; free disk space (or choose another --out) and start again",
                    e);
        }
    }

    /**
     * The first line of {@code e}'s message (Jackson's span several lines), or {@code e.toString()}
     * when it has none: the "why" of a one-line error about a damaged run file.
     */
    public static String firstLine(Exception e) {
        String m = e.getMessage();
        return m == null ? e.toString() : m.lines().findFirst().orElse("");
    }

    /**
     * Reads config.json.
     *
     * @throws IOException in one line naming the file when it is missing or damaged
     */
    public static ObjectNode readConfig(Path dir) throws IOException {
        Path p = dir.resolve(CONFIG);
        if (!Files.isRegularFile(p)) {
            throw new IOException(dir + " is not a run directory (no " + CONFIG + ")");
        }
        com.fasterxml.jackson.databind.JsonNode n;
        try {
            n = JSON.readTree(p.toFile());
        } catch (IOException e) {
            String why = firstLine(e);
            throw new IOException(
                    p + " is damaged (" + why + "); restore it from a backup or start a new run",
                    e);
        }
        if (n == null || !n.isObject() || !n.path("training").isObject()) {
            throw new IOException(
                    p
                            + " is damaged (no \"training\" object); restore it from a backup or start a new run");
        }
        return (ObjectNode) n;
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
        epoch(m, emaValTop1, null);
    }

    /**
     * Appends an epoch record like {@link #epoch(EpochMetrics, double)}, with the images skipped as
     * unreadable ({@code unreadable_train}, {@code unreadable_val}, {@code unreadable_total}); null
     * leaves them out.
     */
    public void epoch(EpochMetrics m, double emaValTop1, Unreadable skipped) throws IOException {
        metric(RunRecords.epochRecord(m, emaValTop1, skipped));
    }

    /**
     * Marks in metrics.jsonl that the run resumed at ({@code epoch}, {@code step}): readers drop
     * the records before it from that position on, which the resumed run writes again.
     */
    public void resumed(int epoch, int step) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "resume");
        o.put("epoch", epoch);
        o.put("step", step);
        o.put("time", OffsetNow.now());
        metric(o);
    }

    private synchronized void metric(ObjectNode record) throws IOException {
        appendLine(metrics, dir.resolve(METRICS), JSON.writeValueAsString(record));
    }

    /** Appends a line to log.txt (whole or not at all). */
    public synchronized void log(String line) throws IOException {
        appendLine(log, dir.resolve(LOG), line);
    }

    /** Appends {@code line} and a newline; on failure cuts the file back to where it was. */
    private static void appendLine(FileChannel ch, Path file, String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        long start = ch.position();
        try {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            if (FaultPoint.armed(file, "append")) {
                buf.limit(bytes.length / 2);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                FaultPoint.at(file, "append");
                buf.limit(bytes.length);
            }
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            FaultPoint.at(file, "after-append");
        } catch (IOException e) {
            try {
                ch.truncate(start);
                ch.position(start);
            } catch (IOException ignored) {
                // the torn line is cut off when the run is opened again
            }
            throw new IOException(
                    "cannot write "
                            + file
                            + ": "
                            + AtomicFiles.describe(e)
                            + "; free disk space (or choose another --out) and resume",
                    e);
        }
    }

    /** Writes state.json (status, epochs done, best, owner, heartbeat) atomically. */
    public void writeState(RunState state) throws IOException {
        writeState(state, null);
    }

    /**
     * Writes state.json atomically; {@code reason} (may be null) says why a run failed or diverged.
     */
    public void writeState(RunState state, String reason) throws IOException {
        ObjectNode o = RunRecords.stateRecord(state);
        if (reason != null) {
            o.put("reason", reason);
        }
        Owner me = Owner.current();
        ObjectNode owner = o.putObject("owner");
        owner.put("pid", me.pid());
        owner.put("host", me.host());
        owner.put("started", me.started());
        writeAtomically(
                dir.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
    }

    /** Writes {@code bytes} to {@code target} atomically (temp file, fsync, rename). */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        AtomicFiles.write(target, bytes);
    }

    /** An empty JSON object for {@link #writeConfig}. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    @Override
    public void close() throws IOException {
        try {
            if (metrics != null) {
                metrics.close();
            }
            if (log != null) {
                log.close();
            }
        } finally {
            if (lockChannel != null) {
                lockChannel.close(); // releases the lock
            }
        }
    }

    private static final class OffsetNow {
        static String now() {
            return java.time.OffsetDateTime.now().toString();
        }
    }
}
