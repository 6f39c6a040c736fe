package dev.repmlp.engine;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Finds the workbench's bundled files under {@code assets/} (demo dataset, demo model, ImageNet
 * labels): the {@code repmlp.home} system property or {@code REPMLP_HOME} variable names the folder
 * holding {@code assets/} (installers set it); otherwise the working directory, the code's location
 * and their parents are searched.
 */
public final class Assets {
    private Assets() {}

    /** The bundled demo dataset (Fashion-MNIST subset). */
    public static final String DEMO_DATASET = "assets/datasets/fashion-mnist-demo";

    /** The bundled demo model (train-time weights) and its JSON sidecar. */
    public static final String DEMO_MODEL = "assets/models/repmlpnet-demo-fashion-mnist.pth";

    public static final String DEMO_MODEL_INFO = "assets/models/repmlpnet-demo-fashion-mnist.json";

    /** ImageNet-1k class names, one per line in class-index order. */
    public static final String IMAGENET_LABELS = "assets/labels/imagenet-1k.txt";

    /** The sample images for the classification demo. */
    public static final String SAMPLE_IMAGES = "sample-images";

    /** Finds {@code relative} (a file or folder) in the workbench home, if present. */
    public static Optional<Path> locate(String relative) {
        String home = System.getProperty("repmlp.home", System.getenv("REPMLP_HOME"));
        if (home != null) {
            Path p = Paths.get(home).resolve(relative);
            if (Files.exists(p)) {
                return Optional.of(p);
            }
        }
        Optional<Path> fromCwd = searchUp(Paths.get("").toAbsolutePath(), relative);
        if (fromCwd.isPresent()) {
            return fromCwd;
        }
        try {
            Path code =
                    Paths.get(
                            Assets.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            return searchUp(code, relative);
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Like {@link #locate} but fails with a message saying how to point at the file. */
    public static Path require(String relative) {
        return locate(relative)
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "bundled file not found ("
                                                + relative
                                                + "); run from the workbench folder or set"
                                                + " -Drepmlp.home=<folder holding assets/>"));
    }

    private static Optional<Path> searchUp(Path start, String relative) {
        for (Path p = start; p != null; p = p.getParent()) {
            Path c = p.resolve(relative);
            if (Files.exists(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
