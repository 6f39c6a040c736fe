package dev.repmlp.app.shell;

/** The pages the navigation offers, in the order it lists them. */
public enum Page {
    TRAIN("train", "Train"),
    RUNS("runs", "Runs"),
    KERNELS("kernels", "Kernels"),
    EVALUATE("evaluate", "Evaluate"),
    COMPARE("compare", "Compare"),
    CLASSIFY("classify", "Classify");

    private final String id;
    private final String title;

    Page(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** Lower-case key for node ids ({@code nav-train}, {@code train-view}) and file names. */
    public String id() {
        return id;
    }

    /** The label in the navigation. */
    public String title() {
        return title;
    }
}
