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
import java.util.List;
import java.util.Objects;

// Over 500 lines on purpose: the record, its Builder (one setter per upstream argument) and the
// validation whose messages name the field and the fix (architecture, then window-versus-map at a
// resolution) describe one thing, upstream's RepMLPNet(...) arguments; the presets table is
// already out, in RepMlpNetPresets.
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
 * @param imageSize the default input resolution (square): {@code image_size} when the JSON gives
 *     it, else the smallest resolution whose stage maps the windows divide ({@link
 *     #smallestResolution}). Upstream's {@code RepMLPNet} has no image size: any input whose maps
 *     the windows divide runs; {@link #problemsAt} checks the size actually used.
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
            com.fasterxml.jackson.databind.json.JsonMapper.builder()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    // "10" is not a number: refuse it rather than guess
                    .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
                    .build();

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
     * missing image_size is the smallest resolution the windows fit ({@link #smallestResolution}).
     * Upstream's {@code use_checkpoint} (activation checkpointing, memory only) and {@code deploy}
     * (the structure, which the weights or the command's mode decide here) are accepted and
     * ignored, so any upstream constructor call's arguments load.
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
            @JsonProperty("image_size") Integer imageSize,
            @JsonProperty("use_checkpoint") Boolean useCheckpoint,
            @JsonProperty("deploy") Boolean deploy) {
        Builder b = builder();
        if (name != null) {
            b.name(name);
        }
        if (inChannels != null) {
            b.inChannels(inChannels);
        }
        if (numClass != null) {
            b.numClass(numClass);
        }
        if (patchSize != null) {
            b.patchSize(
                    patchSize.size() == 1
                            ? List.of(patchSize.get(0), patchSize.get(0))
                            : patchSize);
        }
        if (numBlocks != null) {
            b.numBlocks(numBlocks);
        }
        if (channels != null) {
            b.channels(channels);
        }
        if (hs != null) {
            b.hs(hs);
        }
        if (ws != null) {
            b.ws(ws);
        }
        if (sharesetsNums != null) {
            b.sharesetsNums(sharesetsNums);
        }
        if (reparamConvK != null) {
            b.reparamConvK(reparamConvK);
        }
        if (reduce != null) {
            b.globalperceptronReduce(reduce);
        }
        if (imageSize != null) {
            b.imageSize(imageSize);
        }
        return b.build();
    }

    /** Largest resolution {@link #smallestResolution} tries. */
    static final int MAX_RESOLUTION = 8192;

    /**
     * The smallest square resolution at which every stage's map is divided by its window (the
     * released configs' own: 224 for T224, 256 for T256...), or {@code hs[0] * patch} when none up
     * to {@link #MAX_RESOLUTION} fits (then {@link #problems()} says why).
     */
    @JsonIgnore
    public int smallestResolution() {
        if (!architectureProblems().isEmpty()) {
            return hs.isEmpty() || patchSize.isEmpty() ? 0 : hs.get(0) * patchSize.get(0);
        }
        int step = lcm(patchH(), patchW());
        // a multiple of the patch: smaller sizes in between only crop the same maps
        for (int r = step; r <= MAX_RESOLUTION; r += step) {
            if (windowProblems(r, "").isEmpty()) {
                return r;
            }
        }
        return hs.get(0) * patchH();
    }

    private static int lcm(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return a / x * b;
    }

    /**
     * A builder holding the defaults of upstream's {@code RepMLPNet} constructor (in_channels 3,
     * num_class 1000, patch 4x4, num_blocks [2, 2, 6, 2], channels [192, 384, 768, 1536], hs = ws =
     * [64, 32, 16, 8], sharesets_nums [4, 8, 16, 32], reparam_conv_k [3], globalperceptron_reduce
     * 4), named {@code custom}; the image size defaults to {@link #smallestResolution}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values, to change a few of them. */
    public Builder toBuilder() {
        return new Builder()
                .name(name)
                .inChannels(inChannels)
                .numClass(numClass)
                .patchSize(patchSize)
                .numBlocks(numBlocks)
                .channels(channels)
                .hs(hs)
                .ws(ws)
                .sharesetsNums(sharesetsNums)
                .reparamConvK(reparamConvK)
                .globalperceptronReduce(globalperceptronReduce)
                .imageSize(imageSize);
    }

    /**
     * Builds a {@link RepMlpNetConfig} by field name instead of twelve positional arguments; see
     * {@link #builder()} for the defaults. Nothing is validated: call {@link #validate()}.
     */
    public static final class Builder {
        private String name = "custom";
        private int inChannels = 3;
        private int numClass = 1000;
        private List<Integer> patchSize = List.of(4, 4);
        private List<Integer> numBlocks = List.of(2, 2, 6, 2);
        private List<Integer> channels = List.of(192, 384, 768, 1536);
        private List<Integer> hs = List.of(64, 32, 16, 8);
        private List<Integer> ws = List.of(64, 32, 16, 8);
        private List<Integer> sharesetsNums = List.of(4, 8, 16, 32);
        private List<Integer> reparamConvK = List.of(3);
        private int globalperceptronReduce = 4;
        private Integer imageSize;

        private Builder() {}

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder inChannels(int v) {
            inChannels = v;
            return this;
        }

        public Builder numClass(int v) {
            numClass = v;
            return this;
        }

        /** Stem kernel and stride (height, width). */
        public Builder patchSize(List<Integer> v) {
            patchSize = v;
            return this;
        }

        public Builder patchSize(int height, int width) {
            return patchSize(List.of(height, width));
        }

        public Builder numBlocks(List<Integer> v) {
            numBlocks = v;
            return this;
        }

        public Builder numBlocks(Integer... v) {
            return numBlocks(List.of(v));
        }

        public Builder channels(List<Integer> v) {
            channels = v;
            return this;
        }

        public Builder channels(Integer... v) {
            return channels(List.of(v));
        }

        public Builder hs(List<Integer> v) {
            hs = v;
            return this;
        }

        public Builder hs(Integer... v) {
            return hs(List.of(v));
        }

        public Builder ws(List<Integer> v) {
            ws = v;
            return this;
        }

        public Builder ws(Integer... v) {
            return ws(List.of(v));
        }

        public Builder sharesetsNums(List<Integer> v) {
            sharesetsNums = v;
            return this;
        }

        public Builder sharesetsNums(Integer... v) {
            return sharesetsNums(List.of(v));
        }

        public Builder reparamConvK(List<Integer> v) {
            reparamConvK = v;
            return this;
        }

        public Builder reparamConvK(Integer... v) {
            return reparamConvK(List.of(v));
        }

        public Builder globalperceptronReduce(int v) {
            globalperceptronReduce = v;
            return this;
        }

        /** The default input resolution; unset, {@link #smallestResolution}. */
        public Builder imageSize(int v) {
            imageSize = v;
            return this;
        }

        public RepMlpNetConfig build() {
            RepMlpNetConfig c =
                    new RepMlpNetConfig(
                            name,
                            inChannels,
                            numClass,
                            patchSize,
                            numBlocks,
                            channels,
                            hs,
                            ws,
                            sharesetsNums,
                            reparamConvK,
                            globalperceptronReduce,
                            imageSize == null ? 0 : imageSize);
            return imageSize != null
                    ? c
                    : new RepMlpNetConfig(
                            name,
                            inChannels,
                            numClass,
                            patchSize,
                            numBlocks,
                            channels,
                            hs,
                            ws,
                            sharesetsNums,
                            reparamConvK,
                            globalperceptronReduce,
                            c.smallestResolution());
        }
    }

    /** Reads a custom config from JSON (upstream argument names) and validates it. */
    public static RepMlpNetConfig readJson(Path file) throws IOException {
        try {
            com.fasterxml.jackson.databind.JsonNode root = JSON.readTree(Files.readAllBytes(file));
            // the model JSON beside a weights file, a training config or a run's config.json
            // hold the architecture under "model" (a run's under "training")
            if (root != null && root.has("training") && root.get("training").has("model")) {
                root = root.get("training");
            }
            if (root != null && root.has("model") && root.get("model").isObject()) {
                root = root.get("model");
            }
            RepMlpNetConfig c = JSON.treeToValue(root, RepMlpNetConfig.class);
            if (c == null) {
                throw new IOException("Config " + file + " is empty");
            }
            c.validateArchitecture();
            return c;
        } catch (NoSuchFileException e) {
            throw new IOException("Config file not found: " + file, e);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new IOException(
                    "Config "
                            + file
                            + " is not valid"
                            + (at != null && at.getLineNr() > 0
                                    ? " (line "
                                            + at.getLineNr()
                                            + ", column "
                                            + at.getColumnNr()
                                            + ")"
                                    : "")
                            + ": "
                            + plain(e)
                            + ". Expected a JSON object with upstream's RepMLPNet arguments"
                            + " (in_channels, num_class, patch_size, num_blocks, channels, hs, ws,"
                            + " sharesets_nums, reparam_conv_k, globalperceptron_reduce).",
                    e);
        }
    }

    /** Jackson's message without its class names. */
    private static String plain(com.fasterxml.jackson.core.JacksonException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            return "unknown argument \"" + u.getPropertyName() + "\"";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m
                && !m.getPath().isEmpty()) {
            String field = m.getPath().get(m.getPath().size() - 1).getFieldName();
            if (field != null) {
                return "\""
                        + field
                        + "\" has a value of the wrong type (numbers without quotes,"
                        + " lists as [4, 4])";
            }
        }
        String msg = e.getOriginalMessage();
        int cut = msg.indexOf(" (class ");
        return cut > 0 ? msg.substring(0, cut) : msg;
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
        return toBuilder().numClass(n).build();
    }

    public RepMlpNetConfig withImageSize(int r) {
        return toBuilder().imageSize(r).build();
    }

    public RepMlpNetConfig withName(String n) {
        return toBuilder().name(n).build();
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
        return stageMaps(imageSize);
    }

    /** Stage map sizes [height, width] for a square input of {@code resolution} pixels. */
    public List<int[]> stageMaps(int resolution) {
        return stageMaps(resolution, resolution);
    }

    /** Stage map sizes [height, width] for an input of {@code height x width} pixels. */
    public List<int[]> stageMaps(int height, int width) {
        List<int[]> maps = new ArrayList<>();
        int mh = height / patchH();
        int mw = width / patchW();
        for (int i = 0; i < numBlocks.size(); i++) {
            maps.add(new int[] {mh, mw});
            mh /= 2;
            mw /= 2;
        }
        return maps;
    }

    /**
     * Every problem with this config at its default resolution {@link #imageSize()}; empty when it
     * is valid.
     */
    public List<String> problems() {
        List<String> p = architectureProblems();
        if (p.isEmpty()) {
            p.addAll(windowProblems(imageSize, "image_size " + imageSize));
        }
        return p;
    }

    /**
     * The problems of running this config on a square input of {@code resolution} pixels: the
     * architecture's, then whether the windows divide the stage maps there.
     *
     * @param source where the size comes from, for the messages (e.g. {@code "-r 48"}, {@code "the
     *     input 1x3x64x64"})
     */
    public List<String> problemsAt(int resolution, String source) {
        return problemsAt(resolution, resolution, source);
    }

    /** As {@link #problemsAt(int, String)} for an input of {@code height x width} pixels. */
    public List<String> problemsAt(int height, int width, String source) {
        List<String> p = architectureProblems();
        if (p.isEmpty()) {
            p.addAll(windowProblems(height, width, source));
        }
        return p;
    }

    /** Problems that do not depend on the input size (the network can be built). */
    public List<String> architectureProblems() {
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
            if (hs.get(i) < 1 || ws.get(i) < 1) {
                p.add("stage " + i + ": hs and ws must be positive");
            }
        }
        return p;
    }

    /**
     * Whether the windows divide every stage map at {@code resolution} ({@code source} says why).
     */
    private List<String> windowProblems(int resolution, String source) {
        return windowProblems(resolution, resolution, source);
    }

    private List<String> windowProblems(int height, int width, String source) {
        List<String> p = new ArrayList<>();
        String at = source.isEmpty() ? "" : " at " + source;
        String size = height == width ? "resolution " + height : "input " + height + "x" + width;
        if (height < 1 || width < 1) {
            p.add("the " + size + " must be positive" + at);
            return p;
        }
        // the stem (k = stride = patch) and the 2x2 stride-2 embeds round down, as in upstream,
        // so the size need not be a multiple of the patch
        List<int[]> maps = stageMaps(height, width);
        for (int i = 0; i < maps.size(); i++) {
            int[] map = maps.get(i);
            int h = hs.get(i);
            int w = ws.get(i);
            if (map[0] < 1 || map[1] < 1 || map[0] % h != 0 || map[1] % w != 0) {
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
                                + at
                                + "; set hs["
                                + i
                                + "]/ws["
                                + i
                                + "] to a divisor of the map, or use another resolution"
                                + (source.startsWith("image_size")
                                        ? " (this config fits "
                                                + smallestResolution()
                                                + " and its multiples that keep the maps"
                                                + " divisible)"
                                        : ""));
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
        throwIfAny(problems());
    }

    /**
     * Throws {@link IllegalArgumentException} when the network cannot run on a {@code resolution}
     * input ({@link #problemsAt}).
     */
    public void validateAt(int resolution, String source) {
        throwIfAny(problemsAt(resolution, source));
    }

    /** As {@link #validateAt(int, String)} for an input of {@code height x width} pixels. */
    public void validateAt(int height, int width, String source) {
        throwIfAny(problemsAt(height, width, source));
    }

    /** Throws when the network cannot be built; the input size is not checked. */
    public void validateArchitecture() {
        throwIfAny(architectureProblems());
    }

    private void throwIfAny(List<String> p) {
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(
                    "Invalid RepMLPNet config '" + name + "': " + String.join("; ", p));
        }
    }
}
