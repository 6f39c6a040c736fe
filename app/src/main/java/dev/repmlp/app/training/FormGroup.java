package dev.repmlp.app.training;

/** The sections of the launch form, in display order. */
public enum FormGroup {
    MODEL("Model"),
    DATA("Data"),
    OPTIMISATION("Optimisation"),
    AUGMENTATION("Augmentation"),
    RUN("Run");

    private final String title;

    FormGroup(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
