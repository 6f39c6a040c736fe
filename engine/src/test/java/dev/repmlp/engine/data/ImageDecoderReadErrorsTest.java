package dev.repmlp.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-line reasons {@link ImageDecoder#read} gives when a file cannot be read at all. */
class ImageDecoderReadErrorsTest {
    @TempDir Path dir;

    @Test
    void aFileDeletedAfterListingIsNamedAsMissing() {
        Path gone = dir.resolve("gone.jpg");
        ImageDecodeException e =
                assertThrows(ImageDecodeException.class, () -> ImageDecoder.read(gone));
        assertEquals(
                gone
                        + " could not be read: no such file (deleted or moved after the folder was"
                        + " listed)",
                e.getMessage());
    }

    @Test
    void anUnreadableFileIsNamedAsPermissionDenied() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads any file");
        Path locked = Files.write(dir.resolve("locked.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8});
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        ImageDecodeException e =
                assertThrows(ImageDecodeException.class, () -> ImageDecoder.read(locked));
        assertEquals(locked + " could not be read: permission denied", e.getMessage());
    }
}
