package dev.repmlp.engine.train;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Finds the bundled demo dataset ({@code assets/datasets/fashion-mnist-demo}, a Fashion-MNIST
 * subset): the {@code repmlp.home} system property or {@code REPMLP_HOME} variable names the folder
 * holding {@code assets/}; otherwise the working directory, the code's location and their parents
 * are searched.
 */
public final class DemoDataset {
    private DemoDataset() {}

    /** Relative location inside a workbench home. */
    public static final String RELATIVE = "assets/datasets/fashion-mnist-demo";

    /** The demo dataset's folder, if found. */
    public static Optional<Path> locate() {
        String home = System.getProperty("repmlp.home", System.getenv("REPMLP_HOME"));
        if (home != null) {
            Path p = Paths.get(home).resolve(RELATIVE);
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        Optional<Path> fromCwd = searchUp(Paths.get("").toAbsolutePath());
        if (fromCwd.isPresent()) {
            return fromCwd;
        }
        try {
            Path code =
                    Paths.get(
                            DemoDataset.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            return searchUp(code);
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> searchUp(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            Path c = p.resolve(RELATIVE);
            if (Files.isDirectory(c)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The demo dataset's folder, or an exception saying how to point at it. */
    public static Path require() {
        return locate().orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "bundled demo dataset not found ("
                                                + RELATIVE
                                                + "); run from the workbench folder, set"
                                                + " -Drepmlp.home=<folder holding assets/>, or pass"
                                                + " --data"));
    }
}
