package dev.repmlp.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

    @Test
    void foldersBecomeTheirImagesSortedAndFilesStayAsGiven(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("set/cat"));
        Files.writeString(folder.resolve("b.png"), "");
        Files.writeString(folder.resolve("a.JPG"), "");
        Files.writeString(folder.resolve("readme.txt"), "");
        Files.writeString(folder.resolve(".hidden.png"), "");
        Path loose = Files.writeString(dir.resolve("notes.txt"), "");

        List<Path> files = ImageFiles.expand(List.of(loose, dir.resolve("set"), folder));

        assertEquals(List.of(loose, folder.resolve("a.JPG"), folder.resolve("b.png")), files);
    }
}
