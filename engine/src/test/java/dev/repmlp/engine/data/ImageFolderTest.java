package dev.repmlp.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ImageFolder scans as torchvision 0.14's {@code ImageFolder} does (checked once by hand against
 * torchvision on the same trees): {@code os.walk(followlinks=True)}, folders in path-string order,
 * torchvision's extensions in any case.
 */
class ImageFolderTest {
    @TempDir Path dir;

    private Path touch(String rel) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        return Files.write(p, new byte[] {1});
    }

    private List<String> relative(ImageFolder f) {
        return f.samples().stream()
                .map(s -> dir.relativize(s.path()).toString() + ":" + s.label())
                .toList();
    }

    @Test
    void symlinkedClassFoldersAndFilesAreFollowed() throws IOException {
        touch("store/cats/a.jpg");
        touch("store/cats/b.png");
        touch("real/dogs/c.jpg");
        Files.createDirectories(dir.resolve("ds"));
        Files.createSymbolicLink(dir.resolve("ds/cats"), dir.resolve("store/cats"));
        Files.createDirectories(dir.resolve("ds/dogs"));
        Files.createSymbolicLink(dir.resolve("ds/dogs/c.jpg"), dir.resolve("real/dogs/c.jpg"));
        ImageFolder f = ImageFolder.scan(dir.resolve("ds"));
        assertEquals(List.of("cats", "dogs"), f.classes());
        assertEquals(List.of("ds/cats/a.jpg:0", "ds/cats/b.png:0", "ds/dogs/c.jpg:1"), relative(f));
    }

    @Test
    void aLinkLoopIsWalkedOnceAndNoted() throws IOException {
        touch("ds/cats/a.jpg");
        Files.createSymbolicLink(dir.resolve("ds/cats/again"), dir.resolve("ds/cats"));
        ImageFolder f = ImageFolder.scan(dir.resolve("ds"));
        assertEquals(List.of("ds/cats/a.jpg:0"), relative(f));
        assertEquals(1, f.notes().size(), f.notes().toString());
        assertTrue(f.notes().get(0).contains("not followed"), f.notes().get(0));
    }

    @Test
    void aLinkBackToTheDatasetIsNotFollowed() throws IOException {
        // without the guard every other class would be counted again under "b"
        touch("ds/a/1.jpg");
        touch("ds/b/2.jpg");
        Files.createSymbolicLink(dir.resolve("ds/b/up"), dir.resolve("ds"));
        ImageFolder f = ImageFolder.scan(dir.resolve("ds"));
        assertEquals(List.of("ds/a/1.jpg:0", "ds/b/2.jpg:1"), relative(f));
        assertEquals(1, f.notes().size(), f.notes().toString());
    }

    @Test
    void hiddenClassFoldersAreClassesAsInTorchvision() throws IOException {
        touch("ds/.hidden/1.jpg");
        touch("ds/a/2.jpg");
        ImageFolder f = ImageFolder.scan(dir.resolve("ds"));
        assertEquals(List.of(".hidden", "a"), f.classes());
        assertEquals(List.of("ds/.hidden/1.jpg:0", "ds/a/2.jpg:1"), relative(f));
        assertTrue(f.notes().get(0).contains("hidden folder .hidden is a class"), f.notes().get(0));
    }

    @Test
    void walkOrderIsTorchvisionsSortedRootStrings() throws IOException {
        // os.walk roots sorted as strings: "c", "c/a", "c/a b", "c/a/x" (' ' < '/'), "c/b"
        touch("ds/c/z.jpg");
        touch("ds/c/a/y.jpg");
        touch("ds/c/a b/w.jpg");
        touch("ds/c/a/x/v.jpg");
        touch("ds/c/b/u.jpg");
        touch("ds/c/B.JPG");
        touch("ds/c/notes.txt");
        touch("ds/c/anim.gif");
        ImageFolder f = ImageFolder.scan(dir.resolve("ds"));
        assertEquals(
                List.of(
                        "ds/c/B.JPG:0",
                        "ds/c/z.jpg:0",
                        "ds/c/a/y.jpg:0",
                        "ds/c/a b/w.jpg:0",
                        "ds/c/a/x/v.jpg:0",
                        "ds/c/b/u.jpg:0"),
                relative(f));
    }

    @Test
    void torchvisionExtensionsAreImagesOthersNot() {
        for (String n : List.of("a.jpg", "a.JPEG", "a.png", "a.ppm", "a.bmp", "a.pgm", "a.tif")) {
            assertTrue(ImageFolder.isImage(Path.of(n)), n);
        }
        for (String n : List.of("a.TIFF", "a.webp")) {
            assertTrue(ImageFolder.isImage(Path.of(n)), n);
        }
        for (String n : List.of("a.gif", "a.txt", "jpg", "a.jpg.bak")) {
            assertTrue(!ImageFolder.isImage(Path.of(n)), n);
        }
    }

    @Test
    void emptyClassFoldersKeepTheirLabelAndAreReported() throws IOException {
        touch("ds/a/1.jpg");
        Files.createDirectories(dir.resolve("ds/b"));
        touch("ds/c/2.jpg");
        ImageFolder f = ImageFolder.scan(dir.resolve("ds"));
        assertEquals(List.of("a", "b", "c"), f.classes());
        assertEquals(List.of("b"), f.emptyClasses());
        assertEquals(List.of("ds/a/1.jpg:0", "ds/c/2.jpg:2"), relative(f));
    }

    @Test
    void classNamesSortByCodePointAsPython() throws IOException {
        // U+FF21 (fullwidth A) sorts before U+1F600 (emoji) by code point, after it in UTF-16
        touch("ds/\uD83D\uDE00/1.jpg");
        touch("ds/\uFF21/2.jpg");
        ImageFolder f = ImageFolder.scan(dir.resolve("ds"));
        assertEquals(List.of("\uFF21", "\uD83D\uDE00"), f.classes());
    }
}
