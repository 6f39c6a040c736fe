package dev.repmlp.engine.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A RepMLPNet architecture, with upstream's constructor arguments ({@code RepMLPNet(...)}) under
 * their upstream JSON names, plus a name and the input resolution it is validated for.
 *
 * @param name preset or user name, e.g. {@code RepMLPNet-T224}
 * @param inChannels input image channels
 * @param numClass classes of the head
 * @param patchSize stem kernel and stride (height, width)
 * @param numBlocks units per stage
 * @param channels channels per stage
 * @param hs window height per stage
 * @param ws window width per stage
 * @param sharesetsNums sharesets (weight-sharing groups of fc3) per stage
 * @param reparamConvK kernel sizes of the conv branches (odd)
 * @param globalperceptronReduce channel reduction in the global perceptron
 * @param imageSize input resolution (square) the config is meant for
 */
@JsonPropertyOrder({
    "name",
    "in_channels",
    "num_class",
    "patch_size",
    "num_blocks",
    "channels",
    "hs",
    "ws",
    "sharesets_nums",
    "reparam_conv_k",
    "globalperceptron_reduce",
    "image_size"
})
public record RepMlpNetConfig(
        @JsonProperty("name") String name,
        @JsonProperty("in_channels") int inChannels,
        @JsonProperty("num_class") int numClass,
        @JsonProperty("patch_size") List<Integer> patchSize,
        @JsonProperty("num_blocks") List<Integer> numBlocks,
        @JsonProperty("channels") List<Integer> channels,
        @JsonProperty("hs") List<Integer> hs,
        @JsonProperty("ws") List<Integer> ws,
        @JsonProperty("sharesets_nums") List<Integer> sharesetsNums,
        @JsonProperty("reparam_conv_k") List<Integer> reparamConvK,
        @JsonProperty("globalperceptron_reduce") int globalperceptronReduce,
        @JsonProperty("image_size") int imageSize) {

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RepMlpNetConfig {
        Objects.requireNonNull(name, "name");
        patchSize = List.copyOf(patchSize);
        numBlocks = List.copyOf(numBlocks);
        channels = List.copyOf(channels);
        hs = List.copyOf(hs);
        ws = List.copyOf(ws);
        sharesetsNums = List.copyOf(sharesetsNums);
        reparamConvK = List.copyOf(reparamConvK);
    }

    /**
     * JSON factory: missing keys take the defaults of upstream's {@code RepMLPNet} constructor; a
     * missing image_size is the config's native resolution (hs[0] * patch height).
     */
    @JsonCreator
    static RepMlpNetConfig fromJson(
            @JsonProperty("name") String name,
            @JsonProperty("in_channels") Integer inChannels,
            @JsonProperty("num_class") Integer numClass,
            @JsonProperty("patch_size") List<Integer> patchSize,
            @JsonProperty("num_blocks") List<Integer> numBlocks,
            @JsonProperty("channels") List<Integer> channels,
            @JsonProperty("hs") List<Integer> hs,
            @JsonProperty("ws") List<Integer> ws,
            @JsonProperty("sharesets_nums") List<Integer> sharesetsNums,
            @JsonProperty("reparam_conv_k") List<Integer> reparamConvK,
            @JsonProperty("globalperceptron_reduce") Integer reduce,
            @JsonProperty("image_size") Integer imageSize) {
        List<Integer> patch = or(patchSize, List.of(4, 4));
        if (patch.size() == 1) {
            patch = List.of(patch.get(0), patch.get(0));
        }
        List<Integer> h = or(hs, List.of(64, 32, 16, 8));
        int native0 = h.isEmpty() || patch.isEmpty() ? 0 : h.get(0) * patch.get(0);
        return new RepMlpNetConfig(
                name == null ? "custom" : name,
                or(inChannels, 3),
                or(numClass, 1000),
                patch,
                or(numBlocks, List.of(2, 2, 6, 2)),
                or(channels, List.of(192, 384, 768, 1536)),
                h,
                or(ws, List.of(64, 32, 16, 8)),
                or(sharesetsNums, List.of(4, 8, 16, 32)),
                or(reparamConvK, List.of(3)),
                or(reduce, 4),
                or(imageSize, native0));
    }

    private static <T> T or(T v, T dflt) {
        return v == null ? dflt : v;
    }

    // ---- presets (upstream create_RepMLPNet_* / model_map) ----

    private static RepMlpNetConfig released(
            String name, List<Integer> ch, int res, List<Integer> blocks, List<Integer> sets) {
        int base = res / 4;
        List<Integer> win = List.of(base, base / 2, base / 4, base / 8);
        return new RepMlpNetConfig(
                name, 3, 1000, List.of(4, 4), blocks, ch, win, win, sets, List.of(1, 3), 4, res);
    }

    public static RepMlpNetConfig t224() {
        return released(
                "RepMLPNet-T224",
                List.of(64, 128, 256, 512),
                224,
                List.of(2, 2, 6, 2),
                List.of(1, 4, 16, 128));
    }

    public static RepMlpNetConfig b224() {
        return released(
                "RepMLPNet-B224",
                List.of(96, 192, 384, 768),
                224,
                List.of(2, 2, 12, 2),
                List.of(1, 4, 32, 128));
    }

    public static RepMlpNetConfig t256() {
        return released(
                "RepMLPNet-T256",
                List.of(64, 128, 256, 512),
                256,
                List.of(2, 2, 6, 2),
                List.of(1, 4, 16, 128));
    }

    public static RepMlpNetConfig b256() {
        return released(
                "RepMLPNet-B256",
                List.of(96, 192, 384, 768),
                256,
                List.of(2, 2, 12, 2),
                List.of(1, 4, 32, 128));
    }

    public static RepMlpNetConfig d256() {
        return released(
                "RepMLPNet-D256",
                List.of(80, 160, 320, 640),
                256,
                List.of(2, 2, 18, 2),
                List.of(1, 4, 16, 128));
    }

    public static RepMlpNetConfig l256() {
        return released(
                "RepMLPNet-L256",
                List.of(96, 192, 384, 768),
                256,
                List.of(2, 2, 18, 2),
                List.of(1, 4, 32, 256));
    }

    /**
     * A small RepMLPNet for the bundled Fashion-MNIST demo (10 classes, 32x32 RGB input): three
     * stages whose windows cover the whole map, as in the released models.
     */
    public static RepMlpNetConfig demo() {
        return new RepMlpNetConfig(
                "RepMLPNet-Demo",
                3,
                10,
                List.of(4, 4),
                List.of(1, 1, 2),
                List.of(32, 64, 128),
                List.of(8, 4, 2),
                List.of(8, 4, 2),
                List.of(1, 4, 8),
                List.of(1, 3),
                4,
                32);
    }

    /** The released presets under their upstream names, plus the demo preset. */
    public static Map<String, RepMlpNetConfig> presets() {
        Map<String, RepMlpNetConfig> m = new LinkedHashMap<>();
        for (RepMlpNetConfig c : List.of(t224(), b224(), t256(), b256(), d256(), l256(), demo())) {
            m.put(c.name(), c);
        }
        return m;
    }

    /** The six released configurations (not the demo). */
    public static List<RepMlpNetConfig> released() {
        return List.of(t224(), b224(), t256(), b256(), d256(), l256());
    }

    /** A preset by its upstream name (case-insensitive), with a helpful error otherwise. */
    public static RepMlpNetConfig preset(String name) {
        for (Map.Entry<String, RepMlpNetConfig> e : presets().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException(
                "Unknown architecture '"
                        + name
                        + "'. Known: "
                        + String.join(", ", presets().keySet())
                        + "; or pass a custom JSON config with --config.");
    }

    /** Reads a custom config from JSON (upstream argument names) and validates it. */
    public static RepMlpNetConfig readJson(Path file) throws IOException {
        try {
            RepMlpNetConfig c = JSON.readValue(Files.readAllBytes(file), RepMlpNetConfig.class);
            c.validate();
            return c;
        } catch (NoSuchFileException e) {
            throw new IOException("Config file not found: " + file, e);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(
                    "Config "
                            + file
                            + " is not valid: "
                            + e.getOriginalMessage()
                            + ". Expected a JSON object with upstream's RepMLPNet arguments"
                            + " (in_channels, num_class, patch_size, num_blocks, channels, hs, ws,"
                            + " sharesets_nums, reparam_conv_k, globalperceptron_reduce).",
                    e);
        }
    }

    /** Parses a config from a JSON string (see {@link #readJson}). */
    public static RepMlpNetConfig parseJson(String json) throws IOException {
        RepMlpNetConfig c = JSON.readValue(json, RepMlpNetConfig.class);
        c.validate();
        return c;
    }

    /** The config as JSON with upstream's argument names. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public RepMlpNetConfig withNumClass(int n) {
        return with(name, n, imageSize);
    }

    public RepMlpNetConfig withImageSize(int r) {
        return with(name, numClass, r);
    }

    public RepMlpNetConfig withName(String n) {
        return with(n, numClass, imageSize);
    }

    /** A copy with the fields that are not architecture (name, head size, resolution) changed. */
    private RepMlpNetConfig with(String n, int classes, int resolution) {
        return new RepMlpNetConfig(
                n,
                inChannels,
                classes,
                patchSize,
                numBlocks,
                channels,
                hs,
                ws,
                sharesetsNums,
                reparamConvK,
                globalperceptronReduce,
                resolution);
    }

    @JsonIgnore
    public int patchH() {
        return patchSize.get(0);
    }

    @JsonIgnore
    public int patchW() {
        return patchSize.get(patchSize.size() - 1);
    }

    /** Stage map sizes [height, width] at {@link #imageSize()}. */
    @JsonIgnore
    public List<int[]> stageMaps() {
        List<int[]> maps = new ArrayList<>();
        int mh = imageSize / patchH();
        int mw = imageSize / patchW();
        for (int i = 0; i < numBlocks.size(); i++) {
            maps.add(new int[] {mh, mw});
            mh /= 2;
            mw /= 2;
        }
        return maps;
    }

    /** Every problem with this config; empty when it is valid. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        int n = numBlocks.size();
        if (n == 0) {
            p.add("num_blocks is empty: give the number of units of each stage, e.g. [2, 2, 6, 2]");
            return p;
        }
        checkLength(p, "channels", channels, n);
        checkLength(p, "hs", hs, n);
        checkLength(p, "ws", ws, n);
        checkLength(p, "sharesets_nums", sharesetsNums, n);
        if (inChannels < 1) {
            p.add("in_channels must be at least 1 (3 for RGB images), got " + inChannels);
        }
        if (numClass < 1) {
            p.add("num_class must be at least 1, got " + numClass);
        }
        if (patchSize.isEmpty()
                || patchSize.size() > 2
                || patchSize.stream().anyMatch(v -> v < 1)) {
            p.add("patch_size must be one or two positive integers, e.g. [4, 4], got " + patchSize);
        }
        if (globalperceptronReduce < 1) {
            p.add("globalperceptron_reduce must be at least 1 (upstream: 4)");
        }
        for (int k : reparamConvK) {
            if (k < 1 || k % 2 == 0) {
                p.add(
                        "reparam_conv_k holds "
                                + k
                                + ": kernel sizes must be odd (1, 3, 5, ...) so that padding"
                                + " k//2 keeps the window size");
            }
        }
        if (reparamConvK.stream().distinct().count() != reparamConvK.size()) {
            p.add("reparam_conv_k lists a kernel size twice: " + reparamConvK);
        }
        if (!p.isEmpty()) {
            return p;
        }
        if (imageSize < 1) {
            p.add("image_size must be positive, got " + imageSize);
            return p;
        }
        if (imageSize % patchH() != 0 || imageSize % patchW() != 0) {
            p.add(
                    "image_size "
                            + imageSize
                            + " is not a multiple of patch_size "
                            + patchSize
                            + ": choose a resolution divisible by the patch size");
        }
        List<int[]> maps = stageMaps();
        for (int i = 0; i < n; i++) {
            int c = channels.get(i);
            int s = sharesetsNums.get(i);
            if (c < 1 || s < 1) {
                p.add("stage " + i + ": channels and sharesets_nums must be positive");
                continue;
            }
            if (c % s != 0) {
                p.add(
                        "stage "
                                + i
                                + ": channels "
                                + c
                                + " not divisible by sharesets_nums "
                                + s
                                + "; pick sharesets_nums["
                                + i
                                + "] among the divisors of "
                                + c);
            }
            if (c / globalperceptronReduce < 1) {
                p.add(
                        "stage "
                                + i
                                + ": channels "
                                + c
                                + " < globalperceptron_reduce "
                                + globalperceptronReduce);
            }
            int[] map = maps.get(i);
            int h = hs.get(i);
            int w = ws.get(i);
            if (h < 1 || w < 1) {
                p.add("stage " + i + ": hs and ws must be positive");
            } else if (map[0] < 1 || map[1] < 1 || map[0] % h != 0 || map[1] % w != 0) {
                p.add(
                        "stage "
                                + i
                                + ": window hs x ws = "
                                + h
                                + "x"
                                + w
                                + " does not divide the stage map "
                                + map[0]
                                + "x"
                                + map[1]
                                + " at image_size "
                                + imageSize
                                + "; set hs["
                                + i
                                + "]/ws["
                                + i
                                + "] to a divisor of the map, or change the resolution");
            }
        }
        return p;
    }

    private static void checkLength(List<String> p, String field, List<Integer> v, int n) {
        if (v.size() != n) {
            p.add(
                    field
                            + " has "
                            + v.size()
                            + " entries but num_blocks has "
                            + n
                            + ": give one value per stage");
        }
    }

    /** Throws {@link IllegalArgumentException} listing every problem, if any. */
    public void validate() {
        List<String> p = problems();
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(
                    "Invalid RepMLPNet config '" + name + "': " + String.join("; ", p));
        }
    }
}
