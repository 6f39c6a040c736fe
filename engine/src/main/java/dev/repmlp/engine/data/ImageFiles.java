package dev.repmlp.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Turns what a user picked or dropped (files and folders) into a list of image files. */
public final class ImageFiles {
    /** How deep folders are searched (an ImageFolder dataset is 2 levels: split/class/image). */
    public static final int MAX_DEPTH = 3;

    private ImageFiles() {}

    /**
     * Files are kept as given, whatever their name (a file that is not an image is reported when it
     * is read); folders are replaced by the image files under them ({@link ImageFolder#isImage},
     * hidden ones skipped, up to {@link #MAX_DEPTH} levels), sorted by path. Duplicates are
     * dropped, order is kept.
     */
    public static List<Path> expand(List<Path> picked) throws IOException {
        Set<Path> out = new LinkedHashSet<>();
        for (Path p : picked) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p, MAX_DEPTH)) {
                    s.filter(Files::isRegularFile)
                            .filter(ImageFolder::isImage)
                            .filter(f -> !f.getFileName().toString().startsWith("."))
                            .sorted()
                            .forEach(out::add);
                }
            } else {
                out.add(p);
            }
        }
        return new ArrayList<>(out);
    }
}
