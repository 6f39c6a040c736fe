package dev.repmlp.engine.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {

    private static final MetricsChunk RECORDS =
            new MetricsChunk(
                    List.of(
                            new StepMetrics(0, 0, 2, 1.5, 0.001, 100, 0.5),
                            new StepMetrics(0, 1, 2, 1.25, 0.002, 120, 1.0, 0.125, 0.5),
                            new StepMetrics(1, 0, 2, 1.0, 0.003, 130, 1.5)),
                    List.of(
                            new EpochMetrics(0, 1.4, 40, Double.NaN, Double.NaN, Double.NaN, 2),
                            new EpochMetrics(1, 1.0, 60, 0.9, 70, 100, 2.5)),
                    0,
                    false,
                    0);

    @Test
    void oneRowPerRecordInTrainingOrderWithATypeColumn() throws IOException {
        StringWriter out = new StringWriter();

        MetricsCsv.write(RECORDS, out);

        assertEquals(
                List.of(
                        "type,epoch_1based,step_1based,global_step_1based,loss,lr,images_per_sec,time,"
                                + "data_time,step_time,train_loss,"
                                + "train_top1,val_loss,val_top1,val_top5,seconds",
                        "step,1,1,1,1.5,0.001,100.0,0.5,,,,,,,,",
                        "step,1,2,2,1.25,0.002,120.0,1.0,0.125,0.5,,,,,,",
                        "epoch,1,,,,,,,,,1.4,40.0,,,,2.0",
                        "step,2,1,3,1.0,0.003,130.0,1.5,,,,,,,,",
                        "epoch,2,,,,,,,,,1.0,60.0,0.9,70.0,100.0,2.5"),
                out.toString().lines().toList());
    }

    @Test
    void exportWritesTheRunsMetricsToAFile(@TempDir Path tmp) throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(
                run.resolve(RunDirectory.METRICS),
                "{\"type\":\"step\",\"epoch\":0,\"step\":0,\"steps_per_epoch\":1,\"loss\":2.0,"
                        + "\"lr\":0.1,\"images_per_sec\":10.0,\"time\":1.0,"
                        + "\"data_time\":0.25,\"step_time\":0.75}\n");
        Path csv = tmp.resolve("out.csv");

        MetricsCsv.export(run, csv);

        assertEquals("step,1,1,1,2.0,0.1,10.0,1.0,0.25,0.75,,,,,,", Files.readAllLines(csv).get(1));
    }
}
