package dev.repmlp.app;

/**
 * Plain main class: JavaFX on the class path refuses to start an {@code Application} subclass
 * directly as the main class, so the jar and the installers start here.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        WorkbenchApp.main(args);
    }
}
