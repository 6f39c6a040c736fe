package dev.repmlp.app.training;

import java.util.List;

/**
 * Why a launch cannot start yet.
 *
 * @param message what is wrong and how to fix it
 * @param fields the form fields at fault (JSON keys such as {@code model.hs}); may be empty
 */
public record Problem(String message, List<String> fields) {

    public Problem {
        fields = List.copyOf(fields);
    }

    /** A problem of one field. */
    public static Problem of(String field, String message) {
        return new Problem(message, List.of(field));
    }

    /** A problem of no particular field. */
    public static Problem general(String message) {
        return new Problem(message, List.of());
    }
}
