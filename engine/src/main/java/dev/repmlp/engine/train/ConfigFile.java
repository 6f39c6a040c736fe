package dev.repmlp.engine.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.RepMlpNetPresets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads the settings of a training launch from a JSON file of one of three kinds: a run's {@code
 * config.json} (its {@code "training"} object), a {@link TrainingConfig} as {@link
 * TrainingConfig#toJson()} writes it, or a bare model config with upstream's RepMLPNet argument
 * names (then upstream's recipe, or the demo recipe for {@code RepMLPNet-Demo}, fills the rest).
 * Missing training fields take the recipe's values. The result is not validated, so that a form can
 * show a loaded config together with its {@link TrainingConfig#problems()}.
 */
public final class ConfigFile {
    private ConfigFile() {}

    /**
     * @throws IOException when the file is missing, is not JSON, or holds unknown settings (the
     *     message names the file and the problem)
     */
    public static TrainingConfig read(Path file) throws IOException {
        JsonNode root;
        try {
            root = TrainingConfig.JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IOException("config file not found: " + file, e);
        } catch (JacksonException e) {
            throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + " does not hold a JSON object");
        }
        try {
            return parse((ObjectNode) root);
        } catch (JacksonException e) {
            throw new IOException(
                    file
                            + " is not a training or model config: "
                            + e.getOriginalMessage()
                            + ". Expected a run's config.json, a training config, or a model"
                            + " config with upstream's RepMLPNet arguments (channels, hs, ws,"
                            + " num_blocks, sharesets_nums, reparam_conv_k, ...).",
                    e);
        }
    }

    private static TrainingConfig parse(ObjectNode root) throws JacksonException {
        ObjectNode training;
        if (root.get("training") instanceof ObjectNode t) {
            training = t;
        } else if (root.has("model") || root.has("epochs") || root.has("base_lr")) {
            training = root;
        } else {
            training = TrainingConfig.JSON.createObjectNode();
            training.set("model", root);
        }
        RepMlpNetConfig model =
                training.has("model")
                        ? TrainingConfig.JSON.treeToValue(
                                training.get("model"), RepMlpNetConfig.class)
                        : RepMlpNetPresets.DEMO;
        TrainingConfig recipe =
                RepMlpNetPresets.isDemo(model)
                        ? TrainingConfig.demo().withModel(model)
                        : TrainingConfig.upstream(model);
        ObjectNode merged = TrainingConfig.JSON.valueToTree(recipe);
        for (Iterator<Map.Entry<String, JsonNode>> it = training.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("model")) {
                merged.set(e.getKey(), e.getValue());
            }
        }
        return TrainingConfig.JSON.treeToValue(merged, TrainingConfig.class);
    }
}
