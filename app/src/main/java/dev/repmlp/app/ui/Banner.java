package dev.repmlp.app.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * A message across a page (style class {@code banner}, plus {@code banner-error} or {@code
 * banner-warning}) that is shown while its text is not empty, with a button to dismiss it. Not
 * modal: the page keeps working.
 */
public final class Banner extends HBox {
    /** How it looks. */
    public enum Kind {
        ERROR,
        WARNING
    }

    private final Label text = new Label();

    /**
     * @param kind its colour
     * @param message the text to show; empty or null hides the banner
     * @param dismiss what the close button does (e.g. clear the message), or null for none
     */
    public Banner(Kind kind, ObservableStringValue message, Runnable dismiss) {
        getStyleClass().addAll("banner", kind == Kind.ERROR ? "banner-error" : "banner-warning");
        setAlignment(Pos.CENTER_LEFT);
        text.getStyleClass().add("banner-text");
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        text.textProperty().bind(message);
        HBox.setHgrow(text, Priority.ALWAYS);
        getChildren().add(text);
        if (dismiss != null) {
            Button close = new Button("Dismiss");
            close.getStyleClass().add("banner-dismiss");
            close.setOnAction(event -> dismiss.run());
            getChildren().add(close);
        }
        visibleProperty().bind(Bindings.isNotEmpty(message));
        managedProperty().bind(visibleProperty());
    }

    /** The label holding the message (for tests and ids). */
    public Label text() {
        return text;
    }
}
