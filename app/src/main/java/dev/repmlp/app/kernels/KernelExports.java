package dev.repmlp.app.kernels;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.app.concurrent.Job;
import dev.repmlp.app.concurrent.JobGroup;
import dev.repmlp.app.export.PngExport;
import dev.repmlp.app.inference.OnnxExport;
import dev.repmlp.engine.inspect.KernelSlice;
import dev.repmlp.engine.inspect.KernelViews;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.image.Image;

/**
 * The kernels page's exports, each a job: the shown slice as {@code .npy} files, the loaded model
 * as ONNX, and a snapshot of the page as PNG. Outcomes go to the page's message line, failures to
 * its error line. UI thread only.
 */
public final class KernelExports {
    private final JobGroup jobs;
    private final Supplier<KernelSource> source;
    private final Supplier<SliceData> slice;
    private final Consumer<String> message;
    private final Consumer<String> error;

    /**
     * @param source the loaded weights, or null
     * @param slice the shown slice, or null
     * @param message where "Wrote ..." goes
     * @param error where failures (and "nothing to export") go; "" clears it when an export starts
     */
    KernelExports(
            JobGroup jobs,
            Supplier<KernelSource> source,
            Supplier<SliceData> slice,
            Consumer<String> message,
            Consumer<String> error) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.source = Objects.requireNonNull(source, "source");
        this.slice = Objects.requireNonNull(slice, "slice");
        this.message = Objects.requireNonNull(message, "message");
        this.error = Objects.requireNonNull(error, "error");
    }

    /**
     * Writes the shown slice's matrices, biases and kernel as {@code .npy} files into {@code dir}.
     */
    public void exportNpy(Path dir) {
        SliceData shown = slice.get();
        if (shown == null) {
            error.accept("Nothing to export yet: load weights first.");
            return;
        }
        KernelSlice s = shown.slice();
        start(
                "Exporting .npy",
                context -> {
                    Files.createDirectories(dir);
                    return KernelViews.writeNpy(s, dir).size();
                },
                count -> message.accept("Wrote " + count + " .npy files to " + dir));
    }

    /**
     * Exports the loaded model's deploy-time structure to {@code target} as ONNX, checked with ONNX
     * Runtime ({@link OnnxExport}).
     */
    public void exportOnnx(Path target) {
        KernelSource s = source.get();
        if (s == null) {
            error.accept("Nothing to export yet: load weights first.");
            return;
        }
        start(
                "Exporting ONNX",
                context -> s.exportOnnx(target, context),
                r -> message.accept(OnnxExport.describe(r, target)));
    }

    /** The file name offered for an ONNX export of the loaded weights. */
    public String suggestedOnnxName() {
        KernelSource s = source.get();
        return OnnxExport.suggestedName(s == null ? null : s.file().toString());
    }

    /**
     * Saves {@code snapshot} (the view, taken on the FX thread) as a PNG file, encoded in the job
     * and written atomically ({@link PngExport}).
     */
    public void exportPng(Image snapshot, Path file) {
        start(
                "Saving PNG",
                context -> PngExport.write(snapshot, file),
                written -> message.accept("Saved " + written));
    }

    private <T> void start(String name, Job<T> job, Consumer<T> done) {
        error.accept("");
        jobs.start(
                name,
                job,
                done,
                failure -> error.accept(name + " failed: " + Failures.describe(failure)));
    }
}
