package dev.repmlp.engine.checkpoint;

import ai.djl.ndarray.NDArray;
import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.SafeTensors;
import dev.repmlp.engine.io.StateDict;
import dev.repmlp.engine.io.TorchPth;
import dev.repmlp.engine.model.NetState;
import dev.repmlp.engine.model.RepMlpNet;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.model.RepMlpNetPresets;
import dev.repmlp.engine.model.StateSlot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Model weights in upstream's {@code state_dict} layout: read from and written to {@code .pth}
 * (PyTorch's zip format) or {@code .safetensors}, exported from and strictly loaded into a {@link
 * RepMlpNet}.
 */
public final class Weights {
    private Weights() {}

    private static final int SHOW = 5;

    /**
     * Reads a state dict from {@code .pth} or {@code .safetensors} (chosen by content, so a wrong
     * extension does not matter). A wrapping {@code model}/{@code state_dict} entry is unwrapped
     * and {@code module.} prefixes are stripped, as upstream's convert.py does.
     */
    public static StateDict read(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(
                    file
                            + " is a folder, not a weights file; pass a .pth or .safetensors file"
                            + " (for a training run: "
                            + file.resolve("model-train.pth")
                            + ")");
        }
        if (Files.isRegularFile(file) && !Files.isReadable(file)) {
            throw new java.nio.file.AccessDeniedException(
                    file.toString(), null, "cannot read the file (permission denied)");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(
                    file.toString(), null, "no such weights file (check the path)");
        }
        byte[] magic = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(magic, 0, 2);
            if (n == 2 && magic[0] == 'P' && magic[1] == 'K') {
                return TorchPth.readStateDict(file);
            }
        }
        if (file.getFileName().toString().endsWith(".safetensors")) {
            if (isTrainingCheckpoint(file)) {
                StateDict model = modelOf(SafeTensors.read(file));
                model.notes()
                        .add(
                                file.getFileName()
                                        + " is a training checkpoint (model, optimizer state,"
                                        + " position): read as its model weights");
                return model;
            }
            return SafeTensors.read(file);
        }
        return TorchPth.readStateDict(file); // gives the precise "not a checkpoint" error
    }

    /**
     * True when {@code file} is a workbench training checkpoint (a run's {@code
     * checkpoints/*.safetensors}: model, optimizer state and position), which {@link #read} reads
     * as its model weights only.
     */
    public static boolean isTrainingCheckpoint(Path file) {
        try {
            Map<String, String> meta = SafeTensors.readMetadata(file);
            String raw = meta == null ? null : meta.get("repmlp");
            return raw != null && raw.contains("\"repmlp-workbench-checkpoint/");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The model entries ({@code model/...}) of a training checkpoint, without the prefix. */
    private static StateDict modelOf(StateDict all) {
        StateDict model = new StateDict();
        for (Map.Entry<String, HostTensor> e : all.entries()) {
            if (e.getKey().startsWith("model/")) {
                model.put(e.getKey().substring("model/".length()), e.getValue());
            }
        }
        return model;
    }

    /** Writes {@code sd} as {@code .safetensors} if the name says so, else as {@code .pth}. */
    public static void write(Path file, StateDict sd) throws IOException {
        if (file.getFileName().toString().endsWith(".safetensors")) {
            SafeTensors.write(file, sd);
        } else {
            TorchPth.write(file, sd);
        }
    }

    /** The net's state under upstream's keys and order: float32 tensors, int64 counters. */
    public static StateDict export(RepMlpNet net) {
        StateDict sd = new StateDict();
        for (StateSlot s : net.stateSlots()) {
            if (s.isCounter()) {
                sd.put(s.key(), HostTensor.scalarLong(s.counterOwner().numBatchesTracked()));
            } else {
                NDArray a = s.parameter().getArray();
                sd.put(s.key(), HostTensor.ofFloats(a.getShape().getShape(), a.toFloatArray()));
            }
        }
        return sd;
    }

    /** Exports the net and writes it (see {@link #write}). */
    public static void save(RepMlpNet net, Path file) throws IOException {
        write(file, export(net));
    }

    /**
     * Loads {@code sd} into {@code net} strictly (like PyTorch's {@code strict=True}): every key of
     * the net must be present with the same shape, and no extra keys. Otherwise nothing is loaded
     * and the exception explains what differs and what to do.
     */
    public static void load(RepMlpNet net, StateDict sd, String source) throws IOException {
        List<StateSlot> slots = net.stateSlots();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        boolean noCounters = !hasCounters(sd);
        for (StateSlot s : slots) {
            HostTensor t = sd.get(s.key());
            if (t == null && s.isCounter() && noCounters) {
                continue; // PyTorch's BatchNorm fills a missing counter with 0 too
            } else if (t == null) {
                missing.add(s.key());
            } else if (!Arrays.equals(t.shape(), s.shape().getShape())) {
                mismatched.add(
                        s.key() + " (file " + t.shapeString() + ", model " + s.shape() + ")");
            }
        }
        List<String> expectedKeys = slots.stream().map(StateSlot::key).toList();
        List<String> unexpected = new ArrayList<>();
        for (String k : sd.keys()) {
            if (!expectedKeys.contains(k)) {
                unexpected.add(k);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty()) {
            throw new IncompatibleWeightsException(
                    explain(net, sd, source, missing, unexpected, mismatched));
        }
        if (noCounters && slots.stream().anyMatch(StateSlot::isCounter)) {
            sd.notes()
                    .add(
                            "the file has no BatchNorm num_batches_tracked entries (an older or"
                                    + " stripped state dict): the counters start at 0, as"
                                    + " PyTorch's load_state_dict sets them");
        }
        for (StateSlot s : slots) {
            HostTensor t = sd.get(s.key());
            if (s.isCounter()) {
                s.counterOwner().setNumBatchesTracked(t == null ? 0 : t.toLongArray()[0]);
            } else {
                NetState.setValues(s.parameter(), t.toFloatArray());
            }
        }
    }

    /** Reads {@code file} and loads it strictly into {@code net}. */
    public static void load(RepMlpNet net, Path file) throws IOException {
        load(net, read(file), file.getFileName().toString());
    }

    private static String explain(
            RepMlpNet net,
            StateDict sd,
            String source,
            List<String> missing,
            List<String> unexpected,
            List<String> mismatched) {
        Structure want = net.isDeploy() ? Structure.DEPLOY : Structure.TRAIN;
        Structure got = Structure.of(sd.keys());
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "%s does not fit %s (%s): %d missing, %d unexpected, %d shape-mismatched keys.",
                        source,
                        net.config().name(),
                        want.label(),
                        missing.size(),
                        unexpected.size(),
                        mismatched.size()));
        appendFirst(b, "Missing", missing);
        appendFirst(b, "Unexpected", unexpected);
        appendFirst(b, "Shape mismatch", mismatched);
        if (got == Structure.UNKNOWN
                && sd.keys().stream().noneMatch(k -> k.startsWith("stages."))) {
            b.append("\nHint: the file does not look like RepMLPNet weights at all.");
        } else if (got != want && got != Structure.UNKNOWN) {
            b.append("\nHint: the file holds ")
                    .append(got.label())
                    .append(" weights but the model is ")
                    .append(want.label())
                    .append(
                            got == Structure.DEPLOY
                                    ? "; build the deploy-time model (e.g. --mode deploy / test MODE deploy)."
                                    : "; load it into the train-time model (--mode train), or convert it"
                                            + " first with `repmlp convert`.");
        } else {
            Optional<RepMlpNetConfig> match = matchPreset(sd);
            if (match.isPresent() && !match.get().name().equals(net.config().name())) {
                b.append("\nHint: the weights match the preset ")
                        .append(match.get().name())
                        .append("; use -a ")
                        .append(match.get().name())
                        .append('.');
            } else if (!mismatched.isEmpty()
                    && mismatched.stream().allMatch(s -> s.startsWith("head."))) {
                b.append("\nHint: only the classifier head differs (num_class); set num_class to")
                        .append(" the file's, or fine-tune with a new head.");
            } else {
                b.append("\nHint: the architecture differs; pick the preset or --config the")
                        .append(" weights were trained with.");
            }
        }
        return b.toString();
    }

    private static void appendFirst(StringBuilder b, String what, List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        b.append('\n').append(what).append(": ");
        b.append(String.join(", ", keys.subList(0, Math.min(SHOW, keys.size()))));
        if (keys.size() > SHOW) {
            b.append(", ... (").append(keys.size() - SHOW).append(" more)");
        }
    }

    /**
     * The released preset (or demo) whose key names and shapes equal the state dict's, in either
     * structure; empty when none does.
     */
    public static Optional<RepMlpNetConfig> matchPreset(StateDict sd) {
        Structure st = Structure.of(sd.keys());
        if (st == Structure.UNKNOWN) {
            return Optional.empty();
        }
        boolean noCounters = !hasCounters(sd);
        for (RepMlpNetConfig c : RepMlpNetPresets.all().values()) {
            RepMlpNet probe = new RepMlpNet(c, st == Structure.DEPLOY);
            List<StateSlot> slots =
                    probe.stateSlots().stream()
                            .filter(s -> !(noCounters && s.isCounter()))
                            .toList();
            if (slots.size() != sd.size()) {
                continue;
            }
            boolean same = true;
            for (StateSlot s : slots) {
                HostTensor t = sd.get(s.key());
                if (t == null || !Arrays.equals(t.shape(), s.shape().getShape())) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Whether the state dict holds any BatchNorm {@code num_batches_tracked} counter. */
    public static boolean hasCounters(StateDict sd) {
        return sd.keys().stream().anyMatch(k -> k.endsWith("num_batches_tracked"));
    }

    /**
     * What a checkpoint holds.
     *
     * @param structure detected structure
     * @param preset matching preset name, or null
     * @param keys number of entries
     * @param parameters elements of the learnable entries (no running stats or counters)
     * @param stateElements elements of all entries (what upstream's test.py prints)
     */
    public record Info(
            Structure structure, String preset, int keys, long parameters, long stateElements) {}

    /** Describes a state dict. */
    public static Info describe(StateDict sd) {
        long params = 0;
        long all = 0;
        for (Map.Entry<String, HostTensor> e : sd.entries()) {
            long n = e.getValue().numel();
            all += n;
            String k = e.getKey();
            if (!k.endsWith("running_mean")
                    && !k.endsWith("running_var")
                    && !k.endsWith("num_batches_tracked")) {
                params += n;
            }
        }
        return new Info(
                Structure.of(sd.keys()),
                matchPreset(sd).map(RepMlpNetConfig::name).orElse(null),
                sd.size(),
                params,
                all);
    }
}
