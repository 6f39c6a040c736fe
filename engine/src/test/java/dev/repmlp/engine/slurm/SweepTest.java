package dev.repmlp.engine.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {

    @Test
    void theGridIsTheCartesianProductFirstKeySlowest() {
        Sweep s =
                Sweep.of(
                        Sweep.parseGrid(List.of("base_lr=1e-3,2e-3", "weight_decay=0.05,0.1,0.2")),
                        List.of("train", "--epochs", "1"));
        assertEquals(6, s.points().size());
        assertEquals(Map.of("base_lr", "1e-3", "weight_decay", "0.05"), s.points().get(0).values());
        assertEquals(Map.of("base_lr", "1e-3", "weight_decay", "0.2"), s.points().get(2).values());
        assertEquals(Map.of("base_lr", "2e-3", "weight_decay", "0.05"), s.points().get(3).values());
        assertEquals("5-base_lr=2e-3-weight_decay=0.2", s.points().get(5).run());
        assertEquals(
                List.of("--set", "base_lr=2e-3", "--set", "weight_decay=0.2"),
                s.points().get(5).setArgs());
    }

    @Test
    void badGridsAreRefusedWithTheFix() {
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> Sweep.parseGrid(List.of("lr")))
                        .getMessage()
                        .contains("KEY=V1,V2"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Sweep.parseGrid(List.of("base_lr=1,,2")))
                        .getMessage()
                        .contains("empty value"));
        assertTrue(
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Sweep.parseGrid(List.of("base_lr=1", "base_lr=2")))
                        .getMessage()
                        .contains("twice"));
        assertThrows(IllegalArgumentException.class, () -> Sweep.parseGrid(List.of()));
    }

    @Test
    void sweepJsonRoundTripsAndTheTableReadsEachRunsState(@TempDir Path dir) throws Exception {
        Sweep s = Sweep.of(Sweep.parseGrid(List.of("seed=1,2")), List.of("train")).withJob("17");
        s.write(dir);
        Sweep back = Sweep.read(dir).orElseThrow();
        assertEquals(s, back);
        Path run0 = Files.createDirectories(dir.resolve(s.points().get(0).run()));
        Files.writeString(
                run0.resolve("state.json"),
                "{\"status\": \"completed\", \"best_val_top1\": 85.25}");
        String table = back.table(dir);
        assertEquals(
                "seed  status     best val top-1\n"
                        + "1     completed  85.25%\n"
                        + "2     -          -\n",
                table);
    }
}
