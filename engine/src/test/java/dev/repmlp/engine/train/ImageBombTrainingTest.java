package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decompression bombs in a training set (small PNG files declaring 20000x20000 pixels, 400 M
 * pixels, over PIL's limit) are refused from their header and counted as skipped; the run trains on
 * the rest instead of running out of memory.
 */
class ImageBombTrainingTest {
    @TempDir Path tmp;

    /** A PNG whose IHDR declares {@code w}x{@code h} RGB, with a few rows of zeros as data. */
    static byte[] bombPng(int w, int h) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(w);
        d.writeInt(h);
        d.write(new byte[] {8, 2, 0, 0, 0}); // 8-bit RGB, deflate, no filter, no interlace
        chunk(out, "IHDR", ihdr.toByteArray());
        byte[] rows = new byte[4 * (1 + 3 * w)];
        Deflater z = new Deflater();
        z.setInput(rows);
        z.finish();
        byte[] buf = new byte[rows.length + 64];
        int n = z.deflate(buf);
        z.end();
        chunk(out, "IDAT", java.util.Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return b.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    @Test
    void bombsInTheTrainingSetAreSkippedAndCountedBeforeDecoding() throws IOException {
        Path data = TinyDataset.write(tmp.resolve("data"), 8, 2);
        byte[] bomb = bombPng(20000, 20000);
        for (int i = 0; i < 3; i++) {
            Files.write(data.resolve("train/red/bomb" + i + ".png"), bomb);
        }
        Files.write(data.resolve("val/blue/bomb.png"), bomb);
        Path run = tmp.resolve("run");
        TrainingRun.Result r = TrainingRun.create(TinyDataset.config(data, 1), run, null).run();
        assertEquals(RunStatus.COMPLETED, r.status());
        String log = Files.readString(run.resolve(RunDirectory.LOG));
        assertTrue(log.contains("20000x20000"), log);
        // streamed: each bomb is skipped when a loader meets it, the count logged per epoch
        assertTrue(log.contains("unreadable image(s) skipped so far"), log);
        assertTrue(
                log.contains("skipping unreadable image: " + data.resolve("val/blue/bomb.png")),
                log);
    }
}
