package dev.repmlp.engine.model;

import java.util.List;

/** Small configs for fast tests. */
final class TinyConfigs {
    private TinyConfigs() {}

    /**
     * Two stages with several non-square windows per map and fewer sharesets than channels, so
     * upstream's partition/merge permutation is active (same as the upstream fixture).
     */
    static RepMlpNetConfig multiWindow() {
        return new RepMlpNetConfig(
                "tiny-multiwindow",
                3,
                5,
                List.of(4, 4),
                List.of(1, 1),
                List.of(8, 16),
                List.of(4, 2),
                List.of(2, 4),
                List.of(2, 4),
                List.of(1, 3),
                4,
                32);
    }
}
