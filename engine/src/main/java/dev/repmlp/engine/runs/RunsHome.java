package dev.repmlp.engine.runs;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The one default runs folder of the command line ({@code repmlp train --out}, {@code repmlp runs})
 * and the window, so that both see the same runs whatever folder they were started from: the
 * {@value #PROPERTY} system property, else the {@value #VARIABLE} environment variable, else {@code
 * repmlp-runs} in the user's home folder. The window also remembers a folder chosen on its pages.
 */
public final class RunsHome {
    /** System property naming the default runs folder (tests point it under target/). */
    public static final String PROPERTY = "repmlp.runs";

    /** Environment variable naming the default runs folder. */
    public static final String VARIABLE = "REPMLP_RUNS";

    /** The folder under the home folder used when neither the property nor the variable is set. */
    public static final String FOLDER_NAME = "repmlp-runs";

    private RunsHome() {}

    /**
     * The default runs folder (absolute, normalised; it may not exist yet).
     *
     * @throws IllegalArgumentException when the property or variable is not a valid path, naming it
     */
    public static Path defaultFolder() {
        return resolve(
                System.getProperty(PROPERTY),
                System.getenv(VARIABLE),
                System.getProperty("user.home"));
    }

    /**
     * The rule of {@link #defaultFolder()} on given values (null or blank: not set).
     *
     * @throws IllegalArgumentException when the chosen value is not a valid path
     */
    static Path resolve(String property, String variable, String home) {
        if (property != null && !property.isBlank()) {
            return path(property, "-D" + PROPERTY);
        }
        if (variable != null && !variable.isBlank()) {
            return path(variable, VARIABLE);
        }
        String base = home == null || home.isBlank() ? "." : home;
        return path(base, "user.home").resolve(FOLDER_NAME);
    }

    private static Path path(String text, String source) {
        try {
            return Path.of(text.strip()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(
                    source
                            + " is not a valid folder ("
                            + e.getReason()
                            + "): set it to a folder path or unset it",
                    e);
        }
    }
}
