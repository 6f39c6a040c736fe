package dev.repmlp.app.ui;

import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** A page's heading and the one sentence under it that says what the page is for. */
public final class PageHeader extends VBox {

    /**
     * @param heading the page title, style class {@code page-heading}
     * @param description one sentence, style class {@code page-description}
     */
    public PageHeader(String heading, String description) {
        Label title = new Label(heading);
        title.getStyleClass().add("page-heading");
        Label text = new Label(description);
        text.getStyleClass().add("page-description");
        text.setWrapText(true);
        getChildren().addAll(title, text);
        getStyleClass().add("page-header");
    }
}
