package dev.repmlp.engine.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named architectures, in one table (as timm's {@code model_cfgs}): upstream's six released
 * RepMLPNets ({@code create_RepMLPNet_T224} ... {@code create_RepMLPNet_L256} in {@code
 * repmlpnet.py}) and the workbench's demo model. The CLI's {@code --arch}, its help and the Train
 * page's preset list all read this table.
 */
public final class RepMlpNetPresets {
    private RepMlpNetPresets() {}

    public static final RepMlpNetConfig T224 =
            released("RepMLPNet-T224", 224, List.of(64, 128, 256, 512), 6, List.of(1, 4, 16, 128));
    public static final RepMlpNetConfig B224 =
            released("RepMLPNet-B224", 224, List.of(96, 192, 384, 768), 12, List.of(1, 4, 32, 128));
    public static final RepMlpNetConfig T256 =
            released("RepMLPNet-T256", 256, List.of(64, 128, 256, 512), 6, List.of(1, 4, 16, 128));
    public static final RepMlpNetConfig B256 =
            released("RepMLPNet-B256", 256, List.of(96, 192, 384, 768), 12, List.of(1, 4, 32, 128));
    public static final RepMlpNetConfig D256 =
            released("RepMLPNet-D256", 256, List.of(80, 160, 320, 640), 18, List.of(1, 4, 16, 128));
    public static final RepMlpNetConfig L256 =
            released("RepMLPNet-L256", 256, List.of(96, 192, 384, 768), 18, List.of(1, 4, 32, 256));

    /**
     * A small RepMLPNet for the bundled Fashion-MNIST demo (10 classes, 32x32 RGB input): three
     * stages whose windows cover the whole map, as in the released models.
     */
    public static final RepMlpNetConfig DEMO =
            RepMlpNetConfig.builder()
                    .name("RepMLPNet-Demo")
                    .numClass(10)
                    .numBlocks(1, 1, 2)
                    .channels(32, 64, 128)
                    .hs(8, 4, 2)
                    .ws(8, 4, 2)
                    .sharesetsNums(1, 4, 8)
                    .reparamConvK(1, 3)
                    .imageSize(32)
                    .build();

    /** The table: every preset under its name, the released ones first. */
    private static final Map<String, RepMlpNetConfig> TABLE =
            table(T224, B224, T256, B256, D256, L256, DEMO);

    /**
     * A released model as upstream builds it: ImageNet's 1000 classes, 4x4 patches, windows of a
     * quarter of the resolution halving per stage, 1x1 and 3x3 conv branches.
     *
     * @param thirdStage units in the third stage (the other stages have two)
     */
    private static RepMlpNetConfig released(
            String name, int res, List<Integer> channels, int thirdStage, List<Integer> sets) {
        int base = res / 4;
        List<Integer> windows = List.of(base, base / 2, base / 4, base / 8);
        return RepMlpNetConfig.builder()
                .name(name)
                .numBlocks(List.of(2, 2, thirdStage, 2))
                .channels(channels)
                .hs(windows)
                .ws(windows)
                .sharesetsNums(sets)
                .reparamConvK(1, 3)
                .imageSize(res)
                .build();
    }

    private static Map<String, RepMlpNetConfig> table(RepMlpNetConfig... configs) {
        Map<String, RepMlpNetConfig> m = new LinkedHashMap<>();
        for (RepMlpNetConfig c : configs) {
            m.put(c.name(), c);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Every preset under its upstream name, the released ones first, then the demo. */
    public static Map<String, RepMlpNetConfig> all() {
        return TABLE;
    }

    /** The preset names in table order (e.g. for a chooser or a help text). */
    public static List<String> names() {
        return List.copyOf(TABLE.keySet());
    }

    /** The six released configurations (not the demo). */
    public static List<RepMlpNetConfig> released() {
        return TABLE.values().stream().filter(c -> c != DEMO).toList();
    }

    /** Whether {@code config} is the demo model (by name). */
    public static boolean isDemo(RepMlpNetConfig config) {
        return config != null && config.name().equals(DEMO.name());
    }

    /**
     * A preset by its upstream name, case-insensitive.
     *
     * @throws IllegalArgumentException naming the known presets when there is none of that name
     */
    public static RepMlpNetConfig get(String name) {
        for (Map.Entry<String, RepMlpNetConfig> e : TABLE.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        throw new IllegalArgumentException(
                "Unknown architecture '"
                        + name
                        + "'. Known: "
                        + String.join(", ", TABLE.keySet())
                        + "; or pass a custom JSON config with --config.");
    }
}
