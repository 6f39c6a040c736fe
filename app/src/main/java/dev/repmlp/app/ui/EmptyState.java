package dev.repmlp.app.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** What a page shows while it has nothing to show: an icon, a short title and a hint. */
public final class EmptyState extends VBox {

    /**
     * @param svgIcon one of {@link Icons}' paths
     * @param title what is missing, e.g. "No weights loaded"
     * @param hint what to do about it
     */
    public EmptyState(String svgIcon, String title, String hint) {
        StackPane badge = new StackPane(Icons.create(svgIcon, 28));
        badge.getStyleClass().add("empty-state-badge");
        Label titleLabel = new Label(title);
        titleLabel.getStyleClass().add("empty-state-title");
        Label hintLabel = new Label(hint);
        hintLabel.getStyleClass().add("empty-state-hint");
        hintLabel.setWrapText(true);
        getChildren().addAll(badge, titleLabel, hintLabel);
        getStyleClass().add("empty-state");
        setAlignment(Pos.CENTER);
        setFillWidth(false);
        // space below the page header when it is a page's centre
        BorderPane.setMargin(this, new Insets(24, 0, 0, 0));
    }
}
