package dev.repmlp.app.shell;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The workbench version, written into {@code version.properties} by the Maven build. */
public final class AppVersion {
    private static final String UNKNOWN = "dev";

    private AppVersion() {}

    /** E.g. "0.1.0"; "dev" when the resource is missing or was not filtered. */
    public static String current() {
        try (InputStream in = AppVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").strip();
            return version.isEmpty() || version.startsWith("${") ? UNKNOWN : version;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
