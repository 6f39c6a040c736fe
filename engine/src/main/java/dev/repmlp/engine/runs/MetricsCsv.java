package dev.repmlp.engine.runs;

import dev.repmlp.engine.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A run's metrics as one CSV file: a row per step record and per epoch record of {@code
 * metrics.jsonl}, in file order, told apart by the {@code type} column ({@code step} or {@code
 * epoch}). Columns that do not apply to a row's type, and validation values of epochs that were not
 * validated, are empty. {@code epoch_1based} and {@code step_1based} count from 1 (metrics.jsonl's
 * {@code epoch} and {@code step} plus one); {@code global_step_1based} is {@code epoch *
 * steps_per_epoch + step + 1}. {@code data_time} is the seconds a step waited for its images and
 * {@code step_time} the seconds the whole step took (data wait included), as in metrics.jsonl
 * (timm's "data time"); both empty in runs recorded before they were.
 */
public final class MetricsCsv {

    /** The header row's columns. */
    public static final List<String> COLUMNS =
            List.of(
                    "type",
                    "epoch_1based",
                    "step_1based",
                    "global_step_1based",
                    "loss",
                    "lr",
                    "images_per_sec",
                    "time",
                    "data_time",
                    "step_time",
                    "train_loss",
                    "train_top1",
                    "val_loss",
                    "val_top1",
                    "val_top5",
                    "seconds");

    private MetricsCsv() {}

    /**
     * Reads {@code runDir}'s metrics.jsonl and writes it to {@code csv}, atomically (temp +
     * rename): an existing CSV is replaced whole or kept as it was.
     */
    public static void export(Path runDir, Path csv) throws IOException {
        MetricsChunk records = RunRecords.readMetrics(runDir);
        AtomicFiles.write(
                csv,
                stream -> {
                    Writer out =
                            new BufferedWriter(
                                    new OutputStreamWriter(stream, StandardCharsets.UTF_8));
                    write(records, out);
                    out.flush();
                });
    }

    /**
     * Writes {@code records} as CSV in the order training produced them: each epoch row follows the
     * steps of its epoch.
     */
    public static void write(MetricsChunk records, Writer out) throws IOException {
        out.write(String.join(",", COLUMNS));
        out.write('\n');
        List<EpochMetrics> epochs = records.epochs();
        int next = 0;
        for (StepMetrics s : records.steps()) {
            while (next < epochs.size() && epochs.get(next).epoch() < s.epoch()) {
                epochRow(out, epochs.get(next++));
            }
            stepRow(out, s);
        }
        while (next < epochs.size()) {
            epochRow(out, epochs.get(next++));
        }
    }

    private static void stepRow(Writer out, StepMetrics s) throws IOException {
        row(
                out,
                "step",
                Integer.toString(s.epoch() + 1),
                Integer.toString(s.step() + 1),
                Long.toString((long) s.epoch() * s.stepsPerEpoch() + s.step() + 1),
                num(s.loss()),
                num(s.lr()),
                num(s.imagesPerSec()),
                num(s.time()),
                num(s.dataSeconds()),
                num(s.stepSeconds()),
                "",
                "",
                "",
                "",
                "",
                "");
    }

    private static void epochRow(Writer out, EpochMetrics e) throws IOException {
        row(
                out,
                "epoch",
                Integer.toString(e.epoch() + 1),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                num(e.trainLoss()),
                num(e.trainTop1()),
                num(e.valLoss()),
                num(e.valTop1()),
                num(e.valTop5()),
                num(e.seconds()));
    }

    private static void row(Writer out, String... cells) throws IOException {
        out.write(String.join(",", cells));
        out.write('\n');
    }

    /** Shortest round-tripping decimal; empty for NaN/infinite. */
    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }
}
