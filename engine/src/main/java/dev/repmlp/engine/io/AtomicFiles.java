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

/** Writes a file through a temporary file in the same directory and an atomic rename. */
final class AtomicFiles {
    private AtomicFiles() {}

    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically: readers see the old file or the complete new one, never a
     * partial file. The temporary file is created with default permissions (unlike {@code
     * Files.createTempFile}, which would leave the result readable by the owner only).
     *
     * @throws IOException naming {@code target} when anything fails; the temporary file is removed
     */
    static void write(Path target, Body body) throws IOException {
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
                body.writeTo(
                        new FilterOutputStream(out) {
                            @Override
                            public void write(byte[] b, int off, int len) throws IOException {
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

    /** A short reason for an I/O error, e.g. "permission denied (/dir/.x.pth.1a2b.tmp)". */
    static String describe(IOException e) {
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
