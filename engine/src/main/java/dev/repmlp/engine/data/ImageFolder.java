package dev.repmlp.engine.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder of images with one subfolder per class, as torchvision's {@code ImageFolder}: classes
 * are the subfolder names in sorted order, samples sorted by path within each class.
 *
 * @param root the folder
 * @param classes class names, index = label
 * @param samples all images with their labels
 */
public record ImageFolder(Path root, List<String> classes, List<Sample> samples) {

    /** File extensions read as images (lower case). */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "wbmp");

    /** One image and its label. */
    public record Sample(Path path, int label) {}

    public ImageFolder {
        classes = List.copyOf(classes);
        samples = List.copyOf(samples);
    }

    /**
     * Scans {@code root}. A missing folder, a folder without class subfolders or without any image
     * gives an {@link IOException} saying what layout is expected.
     */
    public static ImageFolder scan(Path root) throws IOException {
        if (!Files.exists(root)) {
            throw new NoSuchFileException(
                    root.toString(),
                    null,
                    "dataset folder not found; expected ROOT/<class>/<image> (ImageFolder layout)");
        }
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(root + " is not a folder");
        }
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .forEach(dirs::add);
        }
        Collections.sort(dirs);
        if (dirs.isEmpty()) {
            throw new IOException(
                    root
                            + " has no class subfolders; expected "
                            + root
                            + "/<class>/<image>.jpg (one folder per class)");
        }
        List<String> classes = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        for (int label = 0; label < dirs.size(); label++) {
            Path dir = dirs.get(label);
            classes.add(dir.getFileName().toString());
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(Files::isRegularFile).filter(ImageFolder::isImage).forEach(files::add);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            Collections.sort(files);
            for (Path f : files) {
                samples.add(new Sample(f, label));
            }
        }
        if (samples.isEmpty()) {
            throw new IOException(
                    root
                            + " holds class folders but no images (extensions: "
                            + String.join(", ", EXTENSIONS.stream().sorted().toList())
                            + ")");
        }
        return new ImageFolder(root, classes, samples);
    }

    /** True when the file name has an image extension. */
    public static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Number of images per class, index = label. */
    public int[] countsPerClass() {
        int[] c = new int[classes.size()];
        for (Sample s : samples) {
            c[s.label()]++;
        }
        return c;
    }

    public int size() {
        return samples.size();
    }
}
