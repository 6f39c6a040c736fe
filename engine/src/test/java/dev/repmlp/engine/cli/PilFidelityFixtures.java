package dev.repmlp.engine.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the PIL-reference image fixtures ({@code make_preprocess_fixtures.py}) lie. */
final class PilFidelityFixtures {
    private PilFidelityFixtures() {}

    static Path images() {
        try {
            return Paths.get(
                            PilFidelityFixtures.class.getResource("/preprocess/cases.json").toURI())
                    .getParent()
                    .resolve("images");
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
