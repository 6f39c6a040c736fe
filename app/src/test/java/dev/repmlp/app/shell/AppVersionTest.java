package dev.repmlp.app.shell;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AppVersionTest {

    @Test
    void versionComesFromTheBuild() {
        String version = AppVersion.current();

        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+.*"), version);
    }
}
