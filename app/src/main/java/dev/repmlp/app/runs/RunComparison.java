package dev.repmlp.app.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.repmlp.engine.runs.EpochMetrics;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What differs between runs: their config.json files flattened into settings (the model config, the
 * training config, the recipe, the dataset, the rest), each with every run's value and whether they
 * differ; and each run's best and last validated epoch from its metrics. Without the FX toolkit.
 */
public final class RunComparison {
    /** The value shown for a setting a run's config.json does not have. */
    public static final String ABSENT = "\u2014";

    /** The value shown for every setting of a run whose config.json cannot be read. */
    public static final String UNREADABLE = "(config.json unreadable)";

    /** Above this many classes, the class list is shown as its count and first names. */
    static final int CLASSES_SHOWN = 6;

    /** The groups settings fall in, in the order shown. */
    public enum Section {
        MODEL("Model"),
        TRAINING("Training"),
        RECIPE("Recipe"),
        DATASET("Dataset"),
        OTHER("Other");

        private final String label;

        Section(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One setting across the compared runs.
     *
     * @param section its group
     * @param key its dotted name, e.g. {@code model.channels}, {@code training.base_lr}
     * @param values each run's value as shown, in the runs' order ({@link #ABSENT} when missing)
     * @param differs whether the runs' values are not all the same
     */
    public record Setting(Section section, String key, List<String> values, boolean differs) {
        public Setting {
            values = List.copyOf(values);
        }
    }

    /**
     * A run's validation results from its epoch records (epochs counted from 1; NaN and 0 when it
     * was never validated).
     *
     * @param bestEpoch the epoch with the highest val top-1 (the first of equals)
     * @param bestTop1 its val top-1 in percent
     * @param bestTop5 its val top-5 in percent
     * @param bestLoss its val loss
     * @param lastEpoch the last validated epoch
     * @param lastTop1 its val top-1 in percent
     * @param lastTop5 its val top-5 in percent
     * @param lastLoss its val loss
     */
    public record Results(
            int bestEpoch,
            double bestTop1,
            double bestTop5,
            double bestLoss,
            int lastEpoch,
            double lastTop1,
            double lastTop5,
            double lastLoss) {
        /** A run without a validated epoch. */
        public static final Results NONE =
                new Results(
                        0,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        0,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN);
    }

    private RunComparison() {}

    /**
     * The settings of {@code configs} (one per run; null for a run whose config.json cannot be
     * read), grouped by {@link Section} and, within a section, in the order first met.
     */
    public static List<Setting> settings(List<JsonNode> configs) {
        List<Map<String, String>> flat = new ArrayList<>();
        Map<String, Section> keys = new LinkedHashMap<>();
        for (JsonNode c : configs) {
            Map<String, String> f = c == null ? Map.of() : flatten(c);
            flat.add(f);
            for (String k : f.keySet()) {
                keys.putIfAbsent(k, section(k));
            }
        }
        List<Setting> out = new ArrayList<>();
        for (Section s : Section.values()) {
            for (Map.Entry<String, Section> e : keys.entrySet()) {
                if (e.getValue() != s) {
                    continue;
                }
                List<String> values = new ArrayList<>();
                for (int i = 0; i < flat.size(); i++) {
                    String v = flat.get(i).get(e.getKey());
                    values.add(configs.get(i) == null ? UNREADABLE : v == null ? ABSENT : v);
                }
                boolean differs = values.stream().distinct().count() > 1;
                out.add(new Setting(s, e.getKey(), values, differs));
            }
        }
        return out;
    }

    /**
     * A config.json as dotted keys and shown values: {@code training.model.*} as {@code model.*},
     * the rest of {@code training} as {@code training.*}, {@code recipe.*}, the dataset and its
     * classes and image counts as {@code dataset.*}, other objects by their path. {@code format}
     * and {@code created} (when the run started) are left out: they differ without meaning.
     */
    public static Map<String, String> flatten(JsonNode config) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode training = config.path("training");
        put(out, "model", training.path("model"));
        Iterator<Map.Entry<String, JsonNode>> it = training.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("model")) {
                put(out, "training." + e.getKey(), e.getValue());
            }
        }
        it = config.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            switch (k) {
                case "training", "format", "created" -> {}
                case "dataset" -> out.put("dataset", text(e.getValue()));
                case "classes" -> out.put("dataset.classes", classes(e.getValue()));
                case "train_images", "val_images" -> out.put("dataset." + k, text(e.getValue()));
                default -> put(out, k, e.getValue());
            }
        }
        return out;
    }

    private static void put(Map<String, String> out, String key, JsonNode n) {
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                put(out, key + "." + e.getKey(), e.getValue());
            }
        } else if (!n.isMissingNode()) {
            out.put(key, text(n));
        }
    }

    /** A value as shown: text as it is, numbers as JSON writes them, lists as {@code [4, 4]}. */
    static String text(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return ABSENT;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isArray()) {
            List<String> items = new ArrayList<>();
            n.forEach(i -> items.add(text(i)));
            return "[" + String.join(", ", items) + "]";
        }
        return n.toString();
    }

    private static String classes(JsonNode n) {
        if (!n.isArray() || n.size() <= CLASSES_SHOWN) {
            return text(n);
        }
        List<String> first = new ArrayList<>();
        for (int i = 0; i < CLASSES_SHOWN; i++) {
            first.add(text(n.get(i)));
        }
        // the count, the first names and a digest, so that class lists that differ further on
        // are not shown as equal
        return n.size()
                + " classes: "
                + String.join(", ", first)
                + ", \u2026 (#"
                + Integer.toHexString(text(n).hashCode() & 0xffff)
                + ")";
    }

    static Section section(String key) {
        if (key.startsWith("model.")) {
            return Section.MODEL;
        }
        if (key.startsWith("training.")) {
            return Section.TRAINING;
        }
        if (key.startsWith("recipe.")) {
            return Section.RECIPE;
        }
        if (key.equals("dataset") || key.startsWith("dataset.")) {
            return Section.DATASET;
        }
        return Section.OTHER;
    }

    /** The best (highest val top-1) and last validated epochs of {@code epochs}. */
    public static Results results(List<EpochMetrics> epochs) {
        EpochMetrics best = null;
        EpochMetrics last = null;
        for (EpochMetrics m : epochs) {
            if (!Double.isFinite(m.valTop1())) {
                continue;
            }
            if (best == null || m.valTop1() > best.valTop1()) {
                best = m;
            }
            last = m;
        }
        if (best == null) {
            return Results.NONE;
        }
        return new Results(
                best.epoch() + 1,
                best.valTop1(),
                best.valTop5(),
                best.valLoss(),
                last.epoch() + 1,
                last.valTop1(),
                last.valTop5(),
                last.valLoss());
    }

    /** {@code "71.50"}, or {@link #ABSENT} for NaN. */
    static String percent(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : ABSENT;
    }

    /** {@code "0.8123"}, or {@link #ABSENT} for NaN. */
    static String loss(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : ABSENT;
    }
}
