package dev.repmlp.app.runs;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when something in a runs folder changed: a run directory appeared or went, or a run's files
 * (state.json, metrics.jsonl, ...) grew or were rewritten; one level deeper too, for the points of
 * a sweep. It compares a fingerprint of the folder (names, sizes and modification times: a few
 * {@code stat} calls a run, no file is read) every {@code poll}, which also works on network
 * filesystems where file watching misses other machines' writes; where the OS supports it a {@link
 * WatchService} wakes it early, so local changes are seen within a fraction of a second. {@code
 * onChange} runs on the watch's own daemon thread.
 */
public final class FolderWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FolderWatch.class);

    /** Changes closer together than this are reported once. */
    private static final long SETTLE_MILLIS = 150;

    private final Path folder;
    private final Duration poll;
    private final Runnable onChange;
    private final Thread thread;
    private final boolean fileEvents;
    private volatile boolean closed;
    private WatchService watcher;
    private final Set<Path> registered = new HashSet<>();

    /**
     * Starts watching {@code folder} (which need not exist yet).
     *
     * @param poll how often the fingerprint is taken when no watch event wakes it earlier
     * @param onChange called (on the watch thread) after each change seen
     */
    public FolderWatch(Path folder, Duration poll, Runnable onChange) {
        this(folder, poll, onChange, true);
    }

    /**
     * @param fileEvents false: compare every {@code poll} only, as on a filesystem without events
     */
    FolderWatch(Path folder, Duration poll, Runnable onChange, boolean fileEvents) {
        this.fileEvents = fileEvents;
        this.folder = Objects.requireNonNull(folder, "folder");
        this.poll = Objects.requireNonNull(poll, "poll");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        thread = new Thread(this::loop, "runs-folder-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            watcher = fileEvents ? FileSystems.getDefault().newWatchService() : null;
        } catch (IOException | UnsupportedOperationException e) {
            watcher = null; // polling only
        }
        long last = fingerprint();
        while (!closed) {
            try {
                boolean woken = waitForEvent();
                if (closed) {
                    break;
                }
                if (woken) {
                    Thread.sleep(SETTLE_MILLIS);
                }
                long now = fingerprint();
                if (now != last) {
                    last = now;
                    onChange.run();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                break;
            } catch (RuntimeException e) {
                LOG.warn("watching {}: {}", folder, e.toString());
            }
        }
        closeWatcher();
    }

    /** Waits up to {@code poll} for a watch event; true if one came. */
    private boolean waitForEvent() throws InterruptedException {
        if (watcher == null) {
            Thread.sleep(poll.toMillis());
            return false;
        }
        WatchKey key = watcher.poll(poll.toMillis(), TimeUnit.MILLISECONDS);
        if (key == null) {
            return false;
        }
        do {
            key.pollEvents();
            if (!key.reset()) {
                registered.remove((Path) key.watchable());
            }
            key = watcher.poll();
        } while (key != null);
        return true;
    }

    /**
     * A hash of the folder's run directories and their entries (and, one level down, the entries of
     * sweep points), registering new directories with the watch service on the way.
     */
    private long fingerprint() {
        long h = 17;
        register(folder);
        for (Path dir : children(folder)) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            register(dir);
            h = 31 * h + dir.getFileName().hashCode();
            for (Path entry : children(dir)) {
                h = 31 * h + entryHash(entry);
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                        && !name.equals("checkpoints")
                        && !name.equals("best-val")) {
                    // a sweep's point: its state and metrics say how it goes
                    h = 31 * h + entryHash(entry.resolve("state.json"));
                    h = 31 * h + entryHash(entry.resolve("metrics.jsonl"));
                }
            }
        }
        return h;
    }

    private static long entryHash(Path p) {
        try {
            BasicFileAttributes a =
                    Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return p.getFileName().hashCode() * 31L * 31L
                    + a.size() * 31L
                    + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static java.util.List<Path> children(Path dir) {
        java.util.List<Path> out = new java.util.ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                out.add(p);
            }
        } catch (IOException e) {
            // missing or unreadable: nothing in it
        }
        out.sort(null);
        return out;
    }

    private void register(Path dir) {
        if (watcher == null || registered.contains(dir)) {
            return;
        }
        try {
            dir.register(
                    watcher,
                    StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
            registered.add(dir);
        } catch (IOException | UnsupportedOperationException e) {
            // not there yet, or not watchable: the poll covers it
        } catch (ClosedWatchServiceException e) {
            // closing
        }
    }

    private void closeWatcher() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }

    /** Stops watching; no {@code onChange} call starts after this returns (one may be running). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
