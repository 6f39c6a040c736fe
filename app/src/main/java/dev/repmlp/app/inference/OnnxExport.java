package dev.repmlp.app.inference;

import dev.repmlp.app.concurrent.JobContext;
import dev.repmlp.engine.infer.ClassNames;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.onnx.OnnxExporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ONNX export of a loaded model from any page that loads one (Compare, Classify): the deploy-time
 * structure with its BatchNorms folded, checked with ONNX Runtime before it is kept ({@link
 * OnnxExporter}); run it as a background job.
 */
public final class OnnxExport {
    private OnnxExport() {}

    /**
     * Exports {@code net} (either structure; a train-time net is injected on a copy) to {@code
     * target}, with the class names when they are real names.
     *
     * @param source the weights file's name, recorded in the ONNX metadata
     * @throws IOException when writing or the ONNX Runtime check fails (no file is left then)
     */
    public static OnnxExporter.Report export(
            RepMlpNet net, ClassNames names, String source, Path target, JobContext context)
            throws IOException {
        context.message("Exporting " + target.getFileName() + " and checking it with ONNX Runtime");
        context.progress(-1, 1);
        List<String> list = null;
        if (!names.isNumbered()) {
            list = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                list.add(names.name(i));
            }
        }
        return OnnxExporter.export(
                net, target, new OnnxExporter.Options(OnnxExporter.DEFAULT_OPSET, 0, list, source));
    }

    /** What to tell the user after a successful export. */
    public static String describe(OnnxExporter.Report r, Path target) {
        return String.format(
                Locale.ROOT,
                "Exported %s (%.1f MB, %d nodes); ONNX Runtime gives the deploy model's logits"
                        + " within %.1e.",
                target.getFileName(),
                r.bytes() / 1e6,
                r.nodes(),
                r.maxAbsDiff());
    }

    /** The file name offered for an export of {@code weights}: {@code NAME-deploy.onnx}. */
    public static String suggestedName(String weights) {
        String base =
                weights == null || weights.isEmpty()
                        ? "model"
                        : Path.of(weights).getFileName().toString();
        int dot = base.lastIndexOf('.');
        return (dot > 0 ? base.substring(0, dot) : base) + "-deploy.onnx";
    }
}
