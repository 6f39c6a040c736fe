package dev.repmlp.app.ui;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;

/**
 * A page may declare when it is ready to be looked at (its background loading done), so that
 * whoever shows it on its own, such as the screenshot tour, can wait for it. Pages that declare
 * nothing count as ready.
 */
public final class PageReadiness {
    /** The key in {@link Node#getProperties()} under which a page keeps its ready flag. */
    public static final String KEY = "repmlp.page.ready";

    private PageReadiness() {}

    /** Declares {@code ready} as the flag of {@code page}. */
    public static void declare(Node page, ObservableBooleanValue ready) {
        page.getProperties().put(KEY, ready);
    }

    /** Whether {@code page} is ready (true when it declared no flag). */
    public static boolean isReady(Node page) {
        return !(page.getProperties().get(KEY) instanceof ObservableBooleanValue ready)
                || ready.get();
    }
}
