package dev.repmlp.app.inference;

import dev.repmlp.engine.Assets;
import dev.repmlp.engine.data.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bundled {@code sample-images/} (found via {@link Assets}, so installed apps find them). */
public final class Samples {
    /** The Fashion-MNIST samples, for the bundled demo model. */
    public static final String FASHION_MNIST = "fashion-mnist";

    /** Natural photos, for ImageNet checkpoints. */
    public static final String PHOTOS = "photos";

    /** The image the smoke test classifies when present. */
    public static final String SMOKE_IMAGE = FASHION_MNIST + "/sneaker-1.png";

    private static final Logger LOG = LoggerFactory.getLogger(Samples.class);

    private Samples() {}

    /** The {@code sample-images} folder, if found. */
    public static Optional<Path> folder() {
        return Assets.locate(Assets.SAMPLE_IMAGES);
    }

    /** The Fashion-MNIST folder, if found. */
    public static Optional<Path> fashionMnist() {
        return folder().map(f -> f.resolve(FASHION_MNIST)).filter(Files::isDirectory);
    }

    /** All sample images: Fashion-MNIST first, then the photos; empty when none are found. */
    public static List<Path> all() {
        Optional<Path> root = folder();
        if (root.isEmpty()) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        for (String sub : List.of(FASHION_MNIST, PHOTOS)) {
            Path dir = root.get().resolve(sub);
            if (Files.isDirectory(dir)) {
                try {
                    out.addAll(ImageFiles.expand(List.of(dir)));
                } catch (IOException e) {
                    LOG.warn("Cannot list sample images in {}: {}", dir, e.toString());
                }
            }
        }
        return out;
    }

    /**
     * One image per class for a first look: the first Fashion-MNIST sample of each class, up to
     * {@code n}.
     */
    public static List<Path> showcase(int n) {
        return all().stream()
                .filter(p -> p.getFileName().toString().endsWith("-1.png"))
                .limit(n)
                .toList();
    }

    /** {@link #SMOKE_IMAGE}, else the first sample image found. */
    public static Optional<Path> smokeImage() {
        Optional<Path> preferred =
                folder().map(f -> f.resolve(SMOKE_IMAGE)).filter(Files::isRegularFile);
        if (preferred.isPresent()) {
            return preferred;
        }
        return all().stream().findFirst();
    }
}
