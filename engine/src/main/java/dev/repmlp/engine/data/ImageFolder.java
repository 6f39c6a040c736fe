package dev.repmlp.engine.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * A folder of images with one subfolder per class, as torchvision's {@code ImageFolder}: classes
 * are the subfolder names in sorted order (symbolic links to folders count), samples are found as
 * {@code os.walk(class_dir, followlinks=True)} finds them (folders in sorted order, files sorted
 * within each), with torchvision's extensions. Hidden class folders ({@code .name}) are classes
 * too, as in torchvision (so labels stay upstream's); {@link #notes()} names them. Unlike
 * torchvision, a symbolic link back to a folder already on the walk (a loop, or a link to the
 * dataset or one of its parents) is not followed but noted, and a class folder without images is
 * kept (its label stays where upstream puts it) and reported by {@link #emptyClasses()}.
 *
 * @param root the folder
 * @param classes class names, index = label
 * @param samples all images with their labels
 * @param notes what the scan did differently from a plain walk, for the user (links not followed,
 *     hidden class folders)
 */
public record ImageFolder(
        Path root, List<String> classes, List<Sample> samples, List<String> notes) {

    /**
     * File extensions read as images (lower case): torchvision's {@code IMG_EXTENSIONS}. WebP files
     * are listed, as torchvision lists them, and reported unreadable when decoded.
     */
    public static final Set<String> EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "ppm", "bmp", "pgm", "tif", "tiff", "webp");

    /** Python's string order: by code point (Java's {@code String.compareTo} uses UTF-16 units). */
    static final Comparator<String> PYTHON_ORDER =
            (a, b) -> {
                int i = 0;
                int j = 0;
                while (i < a.length() && j < b.length()) {
                    int ca = a.codePointAt(i);
                    int cb = b.codePointAt(j);
                    if (ca != cb) {
                        return Integer.compare(ca, cb);
                    }
                    i += Character.charCount(ca);
                    j += Character.charCount(cb);
                }
                return Integer.compare(a.length() - i, b.length() - j);
            };

    /** One image and its label. */
    public record Sample(Path path, int label) {}

    public ImageFolder {
        classes = List.copyOf(classes);
        samples = List.copyOf(samples);
        notes = List.copyOf(notes);
    }

    /** A folder without notes. */
    public ImageFolder(Path root, List<String> classes, List<Sample> samples) {
        this(root, classes, samples, List.of());
    }

    /**
     * Scans {@code root}. A missing folder, a folder without class subfolders or without any image
     * gives an {@link IOException} saying what layout is expected.
     */
    public static ImageFolder scan(Path root) throws IOException {
        return scan(root, n -> {});
    }

    /**
     * {@link #scan(Path)} telling {@code progress} the number of images found so far after each one
     * (on the calling thread), for folders of millions of files.
     */
    public static ImageFolder scan(Path root, IntConsumer progress) throws IOException {
        if (!Files.exists(root)) {
            throw new NoSuchFileException(
                    root.toString(),
                    null,
                    "dataset folder not found; expected ROOT/<class>/<image> (ImageFolder layout)");
        }
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(root + " is not a folder");
        }
        // Paths from the listing are kept (not rebuilt from names), so that names the locale
        // cannot encode still open
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root)) {
            for (Path p : s) {
                if (Files.isDirectory(p)) {
                    dirs.add(p);
                }
            }
        }
        dirs.sort(BY_NAME);
        List<String> names = dirs.stream().map(d -> d.getFileName().toString()).toList();
        if (names.isEmpty()) {
            throw new IOException(
                    root
                            + " has no class subfolders; expected "
                            + root
                            + "/<class>/<image>.jpg (one folder per class)");
        }
        List<String> notes = new ArrayList<>();
        for (String n : names) {
            if (n.startsWith(".")) {
                notes.add(
                        "the hidden folder "
                                + n
                                + " is a class, as torchvision's ImageFolder makes it (move it out"
                                + " of "
                                + root
                                + " if it is not one)");
            }
        }
        // the dataset folder and its parents count as already on every walk
        Set<Object> ancestors = new HashSet<>();
        for (Path a = root.toAbsolutePath(); a != null; a = a.getParent()) {
            Object key = fileKey(a);
            if (key != null) {
                ancestors.add(key);
            }
        }
        List<Sample> samples = new ArrayList<>();
        int[] found = {0};
        for (int label = 0; label < names.size(); label++) {
            List<Folder> folders = new ArrayList<>();
            walk(dirs.get(label), "", new HashSet<>(ancestors), folders, notes, found, progress);
            folders.sort(Comparator.comparing(Folder::relative, PYTHON_ORDER));
            for (Folder f : folders) {
                for (Path file : f.files()) {
                    samples.add(new Sample(file, label));
                }
            }
        }
        if (samples.isEmpty()) {
            throw new IOException(
                    root
                            + " holds class folders but no images (extensions: "
                            + String.join(", ", EXTENSIONS.stream().sorted().toList())
                            + ")");
        }
        return new ImageFolder(root, names, samples, notes);
    }

    private static final Comparator<Path> BY_NAME =
            Comparator.comparing(p -> p.getFileName().toString(), PYTHON_ORDER);

    /** One folder of a walk: its path relative to the class folder and its image files. */
    private record Folder(String relative, List<Path> files) {}

    /**
     * {@code os.walk(dir, followlinks=True)}: every folder under {@code dir} (links followed) with
     * its image files sorted by name. torchvision sorts the walk's folders by their path string,
     * which the caller does. A folder already on the current walk (a link loop) is not entered
     * again; a folder that vanishes or cannot be listed is skipped.
     */
    private static void walk(
            Path dir,
            String relative,
            Set<Object> onPath,
            List<Folder> out,
            List<String> notes,
            int[] found,
            IntConsumer progress) {
        Object key = fileKey(dir);
        if (key == null) {
            return;
        }
        if (!onPath.add(key)) {
            notes.add(
                    dir
                            + " leads back to a folder already being read (a link loop, or a link"
                            + " to the dataset or a parent): not followed");
            return;
        }
        List<Path> files = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (Files.isDirectory(p)) {
                    dirs.add(p);
                } else if (isImage(p)) {
                    files.add(p);
                    progress.accept(++found[0]);
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            onPath.remove(key);
            return;
        }
        files.sort(BY_NAME);
        out.add(new Folder(relative, files));
        for (Path d : dirs) {
            walk(d, relative + "/" + d.getFileName(), onPath, out, notes, found, progress);
        }
        onPath.remove(key);
    }

    /** A folder's identity (device and inode where the file system has them), or null. */
    private static Object fileKey(Path dir) {
        try {
            Object key = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
            return key != null ? key : dir.toRealPath();
        } catch (IOException e) {
            return null; // vanished or unreadable
        }
    }

    /** True when the file name has an image extension (any case). */
    public static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot >= 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Number of images per class, index = label. */
    public int[] countsPerClass() {
        int[] c = new int[classes.size()];
        for (Sample s : samples) {
            c[s.label()]++;
        }
        return c;
    }

    /**
     * Class folders that hold no image (torchvision 0.14 refuses such a folder: "Found no valid
     * file for the classes ...").
     */
    public List<String> emptyClasses() {
        int[] c = countsPerClass();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < c.length; i++) {
            if (c[i] == 0) {
                out.add(classes.get(i));
            }
        }
        return out;
    }

    public int size() {
        return samples.size();
    }
}
