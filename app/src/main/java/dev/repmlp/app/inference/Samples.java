package dev.repmlp.app.inference;

import dev.repmlp.engine.Assets;
import dev.repmlp.engine.data.ImageFiles;
import dev.repmlp.engine.infer.ClassNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

    /** Fashion-MNIST's class names as the demo dataset's folders spell them. */
    private static final Set<String> FASHION_MNIST_CLASSES =
            Set.of(
                    "t-shirt_top",
                    "trouser",
                    "pullover",
                    "dress",
                    "coat",
                    "sandal",
                    "shirt",
                    "sneaker",
                    "bag",
                    "ankle_boot");

    /**
     * A one-line warning when bundled samples go through a model whose data they do not belong to
     * (the photos through a Fashion-MNIST model, the grey 28x28 clothing through a 1000-class
     * ImageNet model), whose answers for them mean nothing; "" when all fit or nothing is known.
     * Only the bundled {@code sample-images/} folders are judged: a user's own images are theirs.
     *
     * @param images the images about to be classified
     * @param names the loaded model's class names
     */
    public static String mismatch(List<Path> images, ClassNames names) {
        return folder().map(root -> mismatch(images, names, root)).orElse("");
    }

    /** {@link #mismatch(List, ClassNames)} with the samples folder given (for tests). */
    static String mismatch(List<Path> images, ClassNames names, Path samplesRoot) {
        boolean fashionModel = isFashionMnist(names);
        boolean imagenetModel = names.size() == 1000;
        if (!fashionModel && !imagenetModel) {
            return "";
        }
        Path foreign =
                samplesRoot
                        .resolve(fashionModel ? PHOTOS : FASHION_MNIST)
                        .toAbsolutePath()
                        .normalize();
        long n =
                images.stream()
                        .filter(p -> p.toAbsolutePath().normalize().startsWith(foreign))
                        .count();
        if (n == 0) {
            return "";
        }
        String what = n + " of " + images.size() + " images";
        return fashionModel
                ? what
                        + " are natural photos (sample-images/photos), but this model was trained"
                        + " on Fashion-MNIST (28x28 greyscale clothing in 10 classes): its answers"
                        + " for them mean nothing. Load an ImageNet checkpoint for the photos."
                : what
                        + " are Fashion-MNIST samples (28x28 greyscale clothing), but this is a"
                        + " 1000-class ImageNet model: its answers for them mean nothing. Load the"
                        + " demo model for them.";
    }

    private static boolean isFashionMnist(ClassNames names) {
        if (names.size() != FASHION_MNIST_CLASSES.size()) {
            return false;
        }
        for (int i = 0; i < names.size(); i++) {
            if (!FASHION_MNIST_CLASSES.contains(names.name(i))) {
                return false;
            }
        }
        return true;
    }
}
