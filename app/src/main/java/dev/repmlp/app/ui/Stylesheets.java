package dev.repmlp.app.ui;

import java.net.URL;
import javafx.scene.layout.Region;

/** The page stylesheets on the class path (copied from {@code assets/styles}). */
public final class Stylesheets {
    /** Shared by the Train and the Runs page: form, monitor and chart styles. */
    public static final String RUN_PAGES = "/styles/training.css";

    private Stylesheets() {}

    /** Adds the class-path stylesheet {@code resource} to {@code region}, if it is there. */
    public static void add(Region region, String resource) {
        URL css = Stylesheets.class.getResource(resource);
        if (css != null) {
            region.getStylesheets().add(css.toExternalForm());
        }
    }
}
