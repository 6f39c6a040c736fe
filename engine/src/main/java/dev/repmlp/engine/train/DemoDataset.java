package dev.repmlp.engine.train;

import dev.repmlp.engine.Assets;
import java.nio.file.Path;
import java.util.Optional;

/** The bundled demo dataset ({@link Assets#DEMO_DATASET}, a Fashion-MNIST subset). */
public final class DemoDataset {
    private DemoDataset() {}

    /** The demo dataset's folder, if found. */
    public static Optional<Path> locate() {
        return Assets.locate(Assets.DEMO_DATASET);
    }

    /** The demo dataset's folder, or an exception saying how to point at it (or use --data). */
    public static Path require() {
        return locate().orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "bundled demo dataset not found ("
                                                + Assets.DEMO_DATASET
                                                + "); run from the workbench folder, set"
                                                + " -Drepmlp.home=<folder holding assets/>, or pass"
                                                + " --data"));
    }
}
