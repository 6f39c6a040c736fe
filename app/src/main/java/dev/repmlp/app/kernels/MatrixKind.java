package dev.repmlp.app.kernels;

import java.util.Locale;

/** The four heatmaps of the kernels page, left to right. */
public enum MatrixKind {
    BEFORE("fc3 before injection", "fc3 with fc3_bn folded in"),
    LOCALITY("Locality from conv branches", "BN-folded kernels as an FC matrix"),
    AFTER("fc3 after injection", "before + locality"),
    DIFFERENCE("Change in magnitude", "|after| \u2212 |before|");

    private final String title;
    private final String subtitle;

    MatrixKind(String title, String subtitle) {
        this.title = title;
        this.subtitle = subtitle;
    }

    public String title() {
        return title;
    }

    /** One line on what the matrix is. */
    public String subtitle() {
        return subtitle;
    }

    /** Lower-case key for node ids, e.g. {@code kernels-heatmap-after}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a deploy-time file has this matrix (only the injected fc3 exists there). */
    public boolean inDeployFiles() {
        return this == AFTER;
    }
}
