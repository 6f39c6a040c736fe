package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.train.ValidationProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** repmlp train's progress output during a validation, without a terminal (one line a tenth). */
class TrainProgressValidationTest {

    @Test
    void aValidationPrintsImagesDoneSpeedAndEtaOnceATenth() {
        StringWriter sw = new StringWriter();
        TrainCommand.Progress p = new TrainCommand.Progress(new PrintWriter(sw));
        // 50,000 val images at 500 img/s: 256 done leaves 49,744 images = 99.488 s = 1:39
        p.onValidation(new ValidationProgress(0, 256, 50_000, 500));
        p.onValidation(new ValidationProgress(0, 512, 50_000, 500)); // same tenth: not printed
        p.onValidation(new ValidationProgress(0, 25_600, 50_000, 512)); // 51 %: printed
        p.onValidation(new ValidationProgress(0, 50_000, 50_000, 520)); // the end: printed
        List<String> lines = sw.toString().lines().toList();
        assertEquals(3, lines.size(), sw.toString());
        assertTrue(lines.get(0).contains(" 256/50000 images 500 img/s ETA 1:39"), lines.get(0));
        assertTrue(lines.get(1).contains(" 25600/50000 images 512 img/s"), lines.get(1));
        assertTrue(lines.get(2).contains(" 50000/50000 images 520 img/s ETA 0:00"), lines.get(2));
        assertTrue(
                lines.stream().allMatch(l -> l.startsWith("validating epoch 1/")),
                lines.toString());
    }

    @Test
    void theEmaPassIsLabelledAndStartsItsOwnLines() {
        StringWriter sw = new StringWriter();
        TrainCommand.Progress p = new TrainCommand.Progress(new PrintWriter(sw));
        p.onValidation(new ValidationProgress(1, 1_000, 1_000, 400));
        p.onValidation(new ValidationProgress(1, 256, 1_000, 300, true));
        p.onValidation(new ValidationProgress(1, 1_000, 1_000, 310, true));
        List<String> lines = sw.toString().lines().toList();
        assertEquals(3, lines.size(), sw.toString());
        assertTrue(lines.get(0).startsWith("validating epoch 2/"), lines.get(0));
        assertTrue(!lines.get(0).contains("EMA"), lines.get(0));
        assertTrue(lines.get(1).contains(" (EMA weights) "), lines.get(1));
        assertTrue(lines.get(1).contains(" 256/1000 images 300 img/s"), lines.get(1));
        assertTrue(lines.get(2).contains(" (EMA weights) "), lines.get(2));
    }
}
