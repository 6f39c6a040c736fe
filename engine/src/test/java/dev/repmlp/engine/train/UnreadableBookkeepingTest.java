package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repmlp.engine.io.SafeTensors;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunStatus;
import dev.repmlp.engine.runs.StepMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images skipped as unreadable in a run's records: per epoch in metrics.jsonl, the run's total
 * carried over a resume by the checkpoint.
 */
class UnreadableBookkeepingTest {

    @TempDir Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** 24 train images (5 of them not images), 6 val images (1 not an image). */
    private Path dataset() throws IOException {
        Path data = TinyDataset.write(tmp.resolve("data"), 8, 2);
        for (String f : List.of("blue/0", "blue/5", "green/3", "red/1", "red/7")) {
            Files.writeString(data.resolve("train/" + f + ".png"), "not an image");
        }
        Files.writeString(data.resolve("val/green/1.png"), "not an image either");
        return data;
    }

    /** 2 epochs of 6 steps of 4 images, EMA on (so each epoch is validated twice). */
    private static TrainingConfig config(Path data) {
        return TinyDataset.config(data, 2).toBuilder()
                .batchSize(4)
                .emaAlpha(0.01)
                .emaUpdatePeriod(1)
                .build();
    }

    private static List<JsonNode> epochs(Path run) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve(RunDirectory.METRICS))) {
            JsonNode n = JSON.readTree(line);
            if (n.get("type").asText().equals("epoch")) {
                out.add(n);
            }
        }
        return out;
    }

    private static String counts(JsonNode epoch) {
        return epoch.get("unreadable_train")
                + "/"
                + epoch.get("unreadable_val")
                + "/"
                + epoch.get("unreadable_total");
    }

    @Test
    void eachEpochRecordsItsUnreadableImagesAndTheRunsTotalAcrossAResume() throws IOException {
        Path data = dataset();
        Path whole = tmp.resolve("whole");
        TrainingRun.Result r = TrainingRun.create(config(data), whole, null).withWorkers(2).run();
        assertEquals(RunStatus.COMPLETED, r.status());
        List<JsonNode> a = epochs(whole);
        assertEquals(2, a.size());
        // every epoch meets all 24 train images (5 unreadable) and validates all 6 (1 unreadable);
        // the EMA pass over the same val files is not counted again
        assertEquals("5/1/6", counts(a.get(0)));
        assertEquals("5/1/12", counts(a.get(1)));

        // stopped in the middle of epoch 2, then resumed: the same records
        Path split = tmp.resolve("split");
        TrainingRun[] holder = new TrainingRun[1];
        holder[0] =
                TrainingRun.create(
                                config(data),
                                split,
                                new TrainingListener() {
                                    @Override
                                    public void onStep(StepMetrics m) {
                                        if (m.epoch() == 1 && m.step() >= 3) {
                                            holder[0].cancel();
                                        }
                                    }
                                })
                        .withWorkers(2);
        assertEquals(RunStatus.CANCELLED, holder[0].run().status());
        JsonNode meta =
                JSON.readTree(SafeTensors.readMetadata(FullCheckpoint.last(split)).get("repmlp"));
        assertEquals(1, meta.get("epoch").asInt());
        long before = meta.get("epoch_unreadable").asLong();
        // the checkpoint carries the run's total so far: epoch 1's 6 and epoch 2's part
        assertEquals(6 + before, meta.get("unreadable").asLong(), meta.toString());
        assertEquals(
                RunStatus.COMPLETED, TrainingRun.resume(split, null).withWorkers(1).run().status());
        List<JsonNode> b = epochs(split);
        assertEquals(2, b.size());
        assertEquals(counts(a.get(0)), counts(b.get(0)));
        assertEquals(counts(a.get(1)), counts(b.get(1)));
        String log = Files.readString(split.resolve(RunDirectory.LOG));
        // the resumed session goes on from the checkpoint's total: 6 in epoch 1, 5 train in epoch 2
        assertTrue(log.contains("11 unreadable image(s) skipped so far"), log);
        assertTrue(
                log.contains("epoch 2: 1 unreadable val image(s) skipped (12 in the run so far)"),
                log);
    }
}
