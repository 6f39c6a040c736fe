package dev.repmlp.engine.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.repmlp.engine.checkpoint.IncompatibleWeightsException;
import dev.repmlp.engine.checkpoint.Structure;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.io.StateDict;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.runs.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A RepMLPNet with weights, ready for eval-mode inference; owns its native memory (close it). Built
 * from a weights file in either structure: the structure is detected from the keys, the
 * architecture is the given config or the preset the file matches.
 */
public final class LoadedModel implements AutoCloseable {

    private final NDManager manager;
    private final RepMlpNet net;
    private final Structure structure;
    private final String source;
    private final java.util.List<String> notes;

    private LoadedModel(NDManager manager, RepMlpNet net, Structure structure, String source) {
        this(manager, net, structure, source, java.util.List.of());
    }

    private LoadedModel(
            NDManager manager,
            RepMlpNet net,
            Structure structure,
            String source,
            java.util.List<String> notes) {
        this.manager = manager;
        this.net = net;
        this.structure = structure;
        this.source = source;
        this.notes = java.util.List.copyOf(notes);
    }

    /**
     * What reading the weights file noted for the user, e.g. that a training checkpoint was read as
     * its model weights (empty when nothing).
     */
    public java.util.List<String> notes() {
        return notes;
    }

    /**
     * Loads {@code weights}; {@code config} may be null when the file matches a preset. Throws
     * {@link IncompatibleWeightsException} or a format error explaining what is wrong.
     */
    public static LoadedModel load(Path weights, RepMlpNetConfig config) throws IOException {
        StateDict sd = Weights.read(weights);
        Structure st = Structure.of(sd.keys());
        if (st == Structure.UNKNOWN) {
            throw new IncompatibleWeightsException(
                    weights.getFileName()
                            + " does not hold RepMLPNet weights (no RepMLP block keys found)");
        }
        RepMlpNetConfig c = config != null ? config : configNextTo(weights).orElse(null);
        if (c == null) {
            c =
                    Weights.matchPreset(sd)
                            .orElseThrow(
                                    () ->
                                            new IncompatibleWeightsException(
                                                    weights.getFileName()
                                                            + " matches no preset and has no run"
                                                            + " config.json or .json sidecar"
                                                            + " beside it; choose its"
                                                            + " architecture (a custom JSON"
                                                            + " config)"));
        }
        NDManager m = NDManager.newBaseManager();
        try {
            RepMlpNet net = new RepMlpNet(c, st == Structure.DEPLOY);
            net.initialize(m);
            Weights.load(net, sd, weights.getFileName().toString());
            return new LoadedModel(m, net, st, weights.toString(), sd.notes());
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /**
     * The architecture recorded next to a weights file: a sidecar {@code NAME.json} with a {@code
     * model} object (as the bundled demo model has), or the {@code config.json} of the run the file
     * belongs to (its folder or the parent, e.g. {@code checkpoints/}).
     */
    public static java.util.Optional<RepMlpNetConfig> configNextTo(Path weights) {
        Path abs = weights.toAbsolutePath();
        String name = abs.getFileName().toString();
        int dot = name.lastIndexOf('.');
        java.util.List<Path> candidates = new java.util.ArrayList<>();
        candidates.add(abs.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json"));
        Path dir = abs.getParent();
        if (dir != null) {
            candidates.add(dir.resolve(RunDirectory.CONFIG));
            if (dir.getParent() != null) {
                candidates.add(dir.getParent().resolve(RunDirectory.CONFIG));
            }
        }
        com.fasterxml.jackson.databind.ObjectMapper json =
                new com.fasterxml.jackson.databind.ObjectMapper();
        for (Path c : candidates) {
            if (!java.nio.file.Files.isRegularFile(c)) {
                continue;
            }
            try {
                com.fasterxml.jackson.databind.JsonNode root = json.readTree(c.toFile());
                com.fasterxml.jackson.databind.JsonNode model =
                        root.has("model") ? root.get("model") : root.path("training").get("model");
                if (model != null && model.isObject()) {
                    return java.util.Optional.of(RepMlpNetConfig.parseJson(model.toString()));
                }
            } catch (IOException | RuntimeException e) {
                // not a config we understand: try the next candidate
            }
        }
        return java.util.Optional.empty();
    }

    /** Wraps an existing net (the model keeps its own copy of the weights). */
    public static LoadedModel copyOf(RepMlpNet source, String name) {
        NDManager m = NDManager.newBaseManager();
        RepMlpNet net = new RepMlpNet(source.config(), source.isDeploy());
        net.initialize(m);
        var from = NetState.byKey(source);
        for (var slot : net.stateSlots()) {
            NetState.copy(from.get(slot.key()), slot);
        }
        return new LoadedModel(
                m, net, source.isDeploy() ? Structure.DEPLOY : Structure.TRAIN, name);
    }

    /** The deploy-time twin of a train-time model (locality injection); a copy if deploy. */
    public LoadedModel deployTwin() {
        NDManager m = NDManager.newBaseManager();
        RepMlpNet deploy = NetState.deployCopy(net, m);
        return new LoadedModel(m, deploy, Structure.DEPLOY, source + " (locality-injected)");
    }

    public RepMlpNet net() {
        return net;
    }

    public RepMlpNetConfig config() {
        return net.config();
    }

    public Structure structure() {
        return structure;
    }

    /** Where the weights came from. */
    public String source() {
        return source;
    }

    /**
     * Eval-mode logits for {@code n} CHW images at the config's resolution, flattened [n,
     * numClass]. Thread-safe enough for one caller at a time.
     */
    public synchronized float[] logits(float[] images, int n) {
        int r = net.config().imageSize();
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.create(images, new Shape(n, net.config().inChannels(), r, r));
            return net.forward(new ParameterStore(sub, false), new NDList(x), false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
