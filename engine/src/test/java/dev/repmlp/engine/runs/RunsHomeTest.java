package dev.repmlp.engine.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunsHomeTest {
    @Test
    void propertyBeatsVariableBeatsHome() {
        Path home = Path.of("/home/ada");
        assertEquals(Path.of("/data/p"), RunsHome.resolve("/data/p", "/data/v", home.toString()));
        assertEquals(Path.of("/data/v"), RunsHome.resolve(null, "/data/v", home.toString()));
        assertEquals(Path.of("/data/v"), RunsHome.resolve("  ", "/data/v", home.toString()));
        assertEquals(home.resolve("repmlp-runs"), RunsHome.resolve(null, "", home.toString()));
    }

    @Test
    void relativeValuesAreMadeAbsolute() {
        Path p = RunsHome.resolve(null, "some/../runs", "/home/ada");
        assertEquals(Path.of("runs").toAbsolutePath(), p);
    }

    @Test
    void testsRunWithTheirOwnFolderNotTheUsersHome() {
        // the build sets -Drepmlp.runs so no test writes into the user's real runs folder
        Path p = RunsHome.defaultFolder();
        assertEquals(
                Path.of(System.getProperty(RunsHome.PROPERTY)).toAbsolutePath().normalize(), p);
    }
}
