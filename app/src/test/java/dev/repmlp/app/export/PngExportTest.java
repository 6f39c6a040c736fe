package dev.repmlp.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PNG export without the FX toolkit: pixels round-trip, writes are atomic, failures name the file.
 */
class PngExportTest {
    @TempDir Path dir;

    @Test
    void replacesAnExistingFileWithAnOpaquePngOfTheSamePixels() throws IOException {
        BufferedImage argb = new BufferedImage(3, 2, BufferedImage.TYPE_INT_ARGB);
        int[] colours = {0xff0000, 0x00ff00, 0x0000ff, 0x123456, 0xffffff, 0x000000};
        for (int i = 0; i < colours.length; i++) {
            argb.setRGB(i % 3, i / 3, 0xff000000 | colours[i]);
        }
        Path file = dir.resolve("view.png");
        Files.writeString(file, "an older, longer file that is not a PNG at all");

        assertEquals(file, PngExport.write(argb, file));

        BufferedImage read = ImageIO.read(file.toFile());
        assertNotNull(read, "ImageIO reads the file back as an image");
        assertEquals(3, read.getWidth());
        assertEquals(2, read.getHeight());
        assertTrue(!read.getColorModel().hasAlpha(), "written without alpha");
        for (int i = 0; i < colours.length; i++) {
            assertEquals(colours[i], read.getRGB(i % 3, i / 3) & 0xffffff, "pixel " + i);
        }
        assertEquals(List.of(file), listing());
    }

    @Test
    void aFailedWriteNamesTheFileKeepsWhatWasThereAndLeavesNoTemporaryFile() throws IOException {
        // a non-empty folder where the file should go: the final rename cannot replace it
        Path target = dir.resolve("taken.png");
        Files.createDirectories(target);
        Files.writeString(target.resolve("keep.txt"), "kept");
        BufferedImage rgb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);

        IOException e = assertThrows(IOException.class, () -> PngExport.write(rgb, target));

        assertTrue(e.getMessage().contains("taken.png"), e.getMessage());
        assertEquals("kept", Files.readString(target.resolve("keep.txt")));
        assertEquals(List.of(target), listing());
    }

    @Test
    void aMissingFolderIsRefusedWithTheFileNamed() {
        Path target = dir.resolve("missing").resolve("m.png");
        BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);

        IOException e = assertThrows(IOException.class, () -> PngExport.write(rgb, target));

        assertTrue(e.getMessage().contains("m.png"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("missing")));
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
