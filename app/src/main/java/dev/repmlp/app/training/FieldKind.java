package dev.repmlp.app.training;

/** What a launch form field holds, which decides its control and how its text is parsed. */
public enum FieldKind {
    /** A whole number. */
    INT,
    /** A decimal number, e.g. {@code 1e-3}. */
    NUMBER,
    /** Whole numbers separated by commas, one per stage, e.g. {@code 8, 4, 2}. */
    INT_LIST,
    /** Free text. */
    TEXT,
    /** One of a fixed set of words. */
    CHOICE,
    /** One of a few suggestions, or any other text. */
    EDITABLE_CHOICE,
    /** A folder path (the dataset). */
    DIRECTORY,
    /** An optional file path; blank means none. */
    FILE
}
