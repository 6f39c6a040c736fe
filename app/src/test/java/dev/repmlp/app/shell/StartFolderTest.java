package dev.repmlp.app.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which runs folder the window opens on: the README's "$REPMLP_RUNS if set" against memory. */
class StartFolderTest {
    private static final Path DEFAULT = Path.of("/data/from-variable").toAbsolutePath();
    private static final Path REMEMBERED = Path.of("/home/me/old-runs").toAbsolutePath();

    @Test
    void theVariableWinsOverAFolderRememberedFromAnEarlierSession() {
        // a user who once browsed to old-runs, then sets REPMLP_RUNS for the CLI and the window
        assertEquals(
                DEFAULT,
                FeaturePages.startFolder(REMEMBERED.toString(), DEFAULT.toString(), () -> DEFAULT));
    }

    @Test
    void withoutTheVariableTheRememberedFolderComesBack() {
        assertEquals(
                REMEMBERED, FeaturePages.startFolder(REMEMBERED.toString(), null, () -> DEFAULT));
        assertEquals(
                REMEMBERED, FeaturePages.startFolder(REMEMBERED.toString(), " ", () -> DEFAULT));
    }

    @Test
    void nothingRememberedAndNoVariableIsTheDefault() {
        assertEquals(DEFAULT, FeaturePages.startFolder("", null, () -> DEFAULT));
    }
}
