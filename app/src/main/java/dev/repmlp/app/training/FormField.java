package dev.repmlp.app.training;

import dev.repmlp.engine.train.TrainingConfig;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One field of the launch form: a {@link TrainingConfig} setting under its JSON name ({@code
 * epochs}, or {@code model.hs} for the architecture).
 *
 * @param key the JSON name, as {@link TrainingConfig#with} takes it
 * @param label what the form shows
 * @param group the form section
 * @param kind how it is edited and parsed
 * @param choices the words a choice offers (empty otherwise)
 * @param help a sentence for the tooltip
 * @param getter reads the setting from a config
 */
public record FormField(
        String key,
        String label,
        FormGroup group,
        FieldKind kind,
        List<String> choices,
        String help,
        Function<TrainingConfig, Object> getter) {

    public FormField {
        Objects.requireNonNull(key, "key");
        choices = List.copyOf(choices);
    }

    /** The name used in engine messages: the key without {@code model.}. */
    public String shortName() {
        return key.startsWith("model.") ? key.substring("model.".length()) : key;
    }

    static FormField of(
            String key,
            String label,
            FormGroup group,
            FieldKind kind,
            String help,
            Function<TrainingConfig, Object> getter) {
        return new FormField(key, label, group, kind, List.of(), help, getter);
    }

    static FormField choice(
            String key,
            String label,
            FormGroup group,
            FieldKind kind,
            List<String> choices,
            String help,
            Function<TrainingConfig, Object> getter) {
        return new FormField(key, label, group, kind, choices, help, getter);
    }
}
