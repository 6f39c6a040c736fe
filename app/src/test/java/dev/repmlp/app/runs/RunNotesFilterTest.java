package dev.repmlp.app.runs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.runs.RunNotes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Runs table's filter on names, tags and notes; no FX toolkit. */
class RunNotesFilterTest {
    private static RunRow run(String name) {
        return new RunRow(
                Path.of("/runs", name),
                name,
                "tiny",
                "d",
                "/d",
                50,
                1,
                2,
                "completed",
                false,
                Instant.EPOCH);
    }

    @Test
    void everyWordMustOccurInTheNameATagOrTheNotesIgnoringCase() {
        RunRow r = run("demo-lr4e-3");
        RunNotes n = new RunNotes("Diverged at epoch 3, retried", List.of("baseline", "T224"));
        assertTrue(RunNotesModel.matches(r, n, ""));
        assertTrue(RunNotesModel.matches(r, n, "  "));
        assertTrue(RunNotesModel.matches(r, n, "DEMO"));
        assertTrue(RunNotesModel.matches(r, n, "t224"));
        assertTrue(RunNotesModel.matches(r, n, "diverged"));
        assertTrue(RunNotesModel.matches(r, n, "base  lr4e diverged"));
        assertFalse(RunNotesModel.matches(r, n, "baseline sgd"));
        assertFalse(RunNotesModel.matches(r, RunNotes.EMPTY, "baseline"));
    }
}
