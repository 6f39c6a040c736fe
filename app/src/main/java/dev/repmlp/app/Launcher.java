package dev.repmlp.app;

import dev.repmlp.engine.PathEncoding;

/**
 * Plain main class: JavaFX on the class path refuses to start an {@code Application} subclass
 * directly as the main class, so the jar and the installers start here.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        // under the C locale, file names with non-ASCII characters cannot be opened: restart once
        // with LC_ALL=C.UTF-8 (PathEncoding)
        java.util.Optional<Integer> restarted = PathEncoding.restartWithUtf8(args);
        if (restarted.isPresent()) {
            System.exit(restarted.get());
        }
        WorkbenchApp.main(args);
    }
}
