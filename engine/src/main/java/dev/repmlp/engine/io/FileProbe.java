package dev.repmlp.engine.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Recognises common file kinds from their first bytes, for error messages. */
final class FileProbe {
    private FileProbe() {}

    /** 0x1950a86a20f9469cfc6c, pickled as LONG1 at the start of a legacy torch.save file. */
    private static final byte[] LEGACY_TORCH = {
        (byte) 0x80,
        0x02,
        (byte) 0x8a,
        0x0a,
        0x6c,
        (byte) 0xfc,
        (byte) 0x9c,
        0x46,
        (byte) 0xf9,
        0x20,
        0x6a,
        (byte) 0xa8,
        0x50,
        0x19
    };

    enum Kind {
        EMPTY("an empty file"),
        ZIP("a zip file"),
        LEGACY_TORCH("a legacy (pre-1.6) torch.save file"),
        PICKLE("a plain Python pickle"),
        SAFETENSORS("a safetensors file"),
        NPY("a NumPy .npy file"),
        GIT_LFS_POINTER("a Git LFS pointer, not the file itself (run git lfs pull)"),
        HTML("an HTML page (a failed download?)"),
        GZIP("a gzip file"),
        TEXT("a text file"),
        UNKNOWN("unrecognised binary data");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /**
     * The size of {@code file}; a missing file gives a NoSuchFileException whose message says so
     * (the JDK's message is only the path).
     */
    static long size(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
    }

    static byte[] head(Path file, int n) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        }
    }

    static Kind probe(byte[] head, long fileSize) {
        if (fileSize == 0 || head.length == 0) {
            return Kind.EMPTY;
        }
        if (startsWith(head, new byte[] {'P', 'K', 3, 4})
                || startsWith(head, new byte[] {'P', 'K', 5, 6})) {
            return Kind.ZIP;
        }
        if (startsWith(head, LEGACY_TORCH)) {
            return Kind.LEGACY_TORCH;
        }
        if ((head[0] & 0xFF) == 0x80 && head.length > 1 && head[1] >= 2 && head[1] <= 5) {
            return Kind.PICKLE;
        }
        if (startsWith(head, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'})) {
            return Kind.NPY;
        }
        if ((head[0] & 0xFF) == 0x1f && head.length > 1 && (head[1] & 0xFF) == 0x8b) {
            return Kind.GZIP;
        }
        if (head.length >= 9) {
            long n = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n > 1 && n <= fileSize - 8 && head[8] == '{') {
                return Kind.SAFETENSORS;
            }
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        if (text.startsWith("version https://git-lfs")) {
            return Kind.GIT_LFS_POINTER;
        }
        String lower = text.stripLeading().toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("<!doctype html") || lower.startsWith("<html")) {
            return Kind.HTML;
        }
        boolean printable = true;
        for (byte b : head) {
            int c = b & 0xFF;
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                printable = false;
                break;
            }
        }
        return printable ? Kind.TEXT : Kind.UNKNOWN;
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        if (a.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (a[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
