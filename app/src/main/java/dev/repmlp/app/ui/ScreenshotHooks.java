package dev.repmlp.app.ui;

import java.util.Objects;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;

/**
 * How a page asks the screenshot tour to show it with content: a {@link Runnable} under {@link
 * #PREPARE} in the page view's node properties, run when the tour arrives (e.g. load a model and
 * classify a few samples), and an {@code ObservableValue<Boolean>} under {@link #READY}, true once
 * the page may be shot.
 */
public final class ScreenshotHooks {
    /** Node property: a {@code Runnable} that fills the page for its screenshot. */
    public static final String PREPARE = "screenshot.prepare";

    /** Node property: an {@code ObservableValue<Boolean>}, true when the page may be shot. */
    public static final String READY = "screenshot.ready";

    private ScreenshotHooks() {}

    /** Installs both hooks on {@code page}. */
    public static void install(Node page, Runnable prepare, ObservableValue<Boolean> ready) {
        page.getProperties().put(PREPARE, Objects.requireNonNull(prepare, "prepare"));
        page.getProperties().put(READY, Objects.requireNonNull(ready, "ready"));
    }
}
