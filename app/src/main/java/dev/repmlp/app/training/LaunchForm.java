package dev.repmlp.app.training;

import dev.repmlp.app.concurrent.Failures;
import dev.repmlp.engine.train.TrainingConfig;
import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The launch form's state: the text of every {@link LaunchFields} field, as typed. {@link #parse()}
 * turns the texts into a {@link TrainingConfig} and lists what is wrong, using the engine's own
 * checks ({@link TrainingConfig#problems()}, which includes the model's) and naming the fields each
 * problem is about. FX thread only.
 */
public final class LaunchForm {
    private final Map<String, StringProperty> texts = new LinkedHashMap<>();
    private TrainingConfig base;

    /**
     * The texts read as a config.
     *
     * @param config the config, or null when a field does not parse
     * @param problems everything wrong, parse errors first
     */
    public record Parsed(TrainingConfig config, List<Problem> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }
    }

    public LaunchForm(TrainingConfig initial) {
        for (FormField f : LaunchFields.ALL) {
            texts.put(f.key(), new SimpleStringProperty(this, f.key(), ""));
        }
        load(initial);
    }

    /** The text of the field with JSON key {@code key}. */
    public StringProperty text(String key) {
        StringProperty p = texts.get(key);
        if (p == null) {
            throw new IllegalArgumentException("no form field " + key);
        }
        return p;
    }

    /** Fills every field from {@code config}. */
    public void load(TrainingConfig config) {
        base = Objects.requireNonNull(config, "config");
        for (FormField f : LaunchFields.ALL) {
            texts.get(f.key()).set(display(f.getter().apply(config)));
        }
    }

    /** The texts as a config, with every problem found. */
    public Parsed parse() {
        Map<String, String> json = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (FormField f : LaunchFields.ALL) {
            String text = texts.get(f.key()).get();
            String error = toJson(f, text == null ? "" : text.strip(), json);
            if (error != null) {
                problems.add(Problem.of(f.key(), f.label() + ": " + error));
            }
        }
        if (!problems.isEmpty()) {
            return new Parsed(null, problems);
        }
        TrainingConfig config;
        try {
            config = base.with(json);
        } catch (IllegalArgumentException e) {
            return new Parsed(null, List.of(Problem.general(Failures.describe(e))));
        }
        for (String message : config.problems()) {
            problems.add(new Problem(message, fieldsNamedIn(message)));
        }
        return new Parsed(config, problems);
    }

    /** Puts the JSON value of {@code text} into {@code json}; returns an error or null. */
    private static String toJson(FormField f, String text, Map<String, String> json) {
        switch (f.kind()) {
            case INT -> {
                try {
                    long v = Long.parseLong(text);
                    if (!f.key().equals("seed")
                            && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
                        return "too large";
                    }
                    json.put(f.key(), Long.toString(v));
                } catch (NumberFormatException e) {
                    return "enter a whole number";
                }
            }
            case NUMBER -> {
                try {
                    double v = Double.parseDouble(text);
                    if (!Double.isFinite(v) || text.endsWith("d") || text.endsWith("f")) {
                        throw new NumberFormatException(text);
                    }
                    json.put(f.key(), Double.toString(v));
                } catch (NumberFormatException e) {
                    return "enter a number, e.g. 0.001 or 1e-3";
                }
            }
            case INT_LIST -> {
                List<String> parts = new ArrayList<>();
                for (String p : text.split("[\\s,\\[\\]]+")) {
                    if (!p.isEmpty()) {
                        parts.add(p);
                    }
                }
                if (parts.isEmpty()) {
                    return "enter one whole number per stage, e.g. 8, 4, 2";
                }
                try {
                    json.put(
                            f.key(),
                            "["
                                    + String.join(
                                            ",",
                                            parts.stream()
                                                    .map(p -> Integer.toString(Integer.parseInt(p)))
                                                    .toList())
                                    + "]");
                } catch (NumberFormatException e) {
                    return "enter whole numbers separated by commas, e.g. 8, 4, 2";
                }
            }
            case DIRECTORY -> {
                if (text.isEmpty()) {
                    return "choose a folder";
                }
                try {
                    json.put(
                            f.key(),
                            jsonString(Path.of(text).toAbsolutePath().normalize().toString()));
                } catch (InvalidPathException e) {
                    return "not a valid path (" + e.getReason() + ")";
                }
            }
            case FILE -> {
                if (text.isEmpty()) {
                    json.put(f.key(), "null");
                } else {
                    try {
                        json.put(f.key(), jsonString(Path.of(text).toAbsolutePath().toString()));
                    } catch (InvalidPathException e) {
                        return "not a valid path (" + e.getReason() + ")";
                    }
                }
            }
            default -> {
                if (text.isEmpty()) {
                    return "must not be empty";
                }
                if (f.kind() == FieldKind.CHOICE && !f.choices().contains(text)) {
                    return "choose one of " + String.join(", ", f.choices());
                }
                json.put(f.key(), jsonString(text));
            }
        }
        return null;
    }

    /** The fields whose JSON name appears as a word in {@code message}. */
    static List<String> fieldsNamedIn(String message) {
        List<String> fields = new ArrayList<>();
        for (FormField f : LaunchFields.ALL) {
            Pattern word =
                    Pattern.compile(
                            "(?<![A-Za-z0-9_])"
                                    + Pattern.quote(f.shortName())
                                    + "(?![A-Za-z0-9_])");
            if (word.matcher(message).find()) {
                fields.add(f.key());
            }
        }
        return fields;
    }

    /** How a setting is shown in its field: lists as "8, 16", numbers without needless zeros. */
    static String display(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            return String.join(", ", list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Double d) {
            return number(d);
        }
        return value.toString();
    }

    /** {@code 10}, {@code 0.05}, {@code 5e-7}. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e9) {
            return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }
        String s = BigDecimal.valueOf(v).stripTrailingZeros().toString(); // e.g. 5E-7, 1.25E-8
        return s.replace("E", "e").replace("e+", "e");
    }

    /**
     * The learning rates the run will use after linear scaling, e.g. "Effective LR 0.001 = 0.001 x
     * 256 / 256 (batch 32 x 8 devices x 1); warmup from 5e-7, down to 0".
     */
    static String describeLr(TrainingConfig c) {
        return String.format(
                Locale.ROOT,
                "Effective LR %s = %s \u00d7 %d / 256 (batch %d \u00d7 %d device%s \u00d7 %d"
                        + " accumulation); warmup from %s, down to %s",
                number(round(c.scaled(c.baseLr()))),
                number(c.baseLr()),
                c.totalBatch(),
                c.batchSize(),
                c.deviceCount(),
                c.deviceCount() == 1 ? "" : "s",
                Math.max(1, c.accumulationSteps()),
                number(round(c.scaled(c.warmupLr()))),
                number(round(c.scaled(c.minLr()))));
    }

    /** Four significant digits. */
    private static double round(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v;
        }
        return new BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
