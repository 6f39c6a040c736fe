package dev.repmlp.engine.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file through a temporary file in the same directory ({@code .NAME.HEX.tmp}), fsync and
 * an atomic rename, then fsyncs the directory: after a crash the target is the old file or the
 * complete new one.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** What goes into the file. */
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically: readers see the old file or the complete new one, never a
     * partial file. The temporary file is created with default permissions (unlike {@code
     * Files.createTempFile}, which would leave the result readable by the owner only).
     *
     * @throws IOException naming {@code target} when anything fails; the temporary file is removed
     */
    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp =
                dir.resolve(
                        "."
                                + abs.getFileName()
                                + "."
                                + Long.toHexString(ThreadLocalRandom.current().nextLong())
                                + ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch =
                    FileChannel.open(
                            tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                boolean faultMid = FaultPoint.armed(abs, "mid");
                body.writeTo(
                        new FilterOutputStream(out) {
                            private boolean midPassed;

                            @Override
                            public void write(byte[] b, int off, int len) throws IOException {
                                if (faultMid && !midPassed && len > 1) {
                                    // a test's fault point: stop with part of the file written
                                    midPassed = true;
                                    out.write(b, off, len / 2);
                                    out.flush();
                                    FaultPoint.at(abs, "mid");
                                    out.write(b, off + len / 2, len - len / 2);
                                    return;
                                }
                                out.write(b, off, len);
                            }

                            @Override
                            public void close() throws IOException {
                                out.flush(); // the channel is closed here, after force()
                            }
                        });
                out.flush();
                ch.force(true);
            }
            FaultPoint.at(abs, "before-rename");
            try {
                Files.move(
                        tmp,
                        abs,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            syncDirectory(dir);
            FaultPoint.at(abs, "after-rename");
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + describe(e), e);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort; the original error matters more
                }
            }
        }
    }

    /** Copies {@code source} to {@code target} atomically (temp, fsync, rename). */
    public static void copy(Path source, Path target) throws IOException {
        write(target, out -> Files.copy(source, out));
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Makes a rename in {@code dir} durable (best effort: not every file system allows it). */
    static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // e.g. Windows cannot open a directory; the rename itself is still atomic
        }
    }

    /** True for a temporary file this class leaves behind when killed mid-write. */
    public static boolean isLeftover(Path file) {
        String n = file.getFileName().toString();
        return n.startsWith(".") && n.endsWith(".tmp");
    }

    /** A short reason for an I/O error, e.g. "permission denied (/dir/.x.pth.1a2b.tmp)". */
    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied (" + a.getFile() + ")";
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory (" + n.getFile() + ")";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + " (" + f.getFile() + ")";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
