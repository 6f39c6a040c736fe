package dev.repmlp.app.ui;

import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * What a page shows while it has nothing to show: an icon, a short title and a hint. Where it gets
 * less height than that takes (a small window, a split pane's upper part) it drops the icon and
 * most of its padding (pseudo-class {@code :compact}), so the title and the wrapped hint stay
 * readable instead of being clipped.
 */
public final class EmptyState extends VBox {
    private static final PseudoClass COMPACT = PseudoClass.getPseudoClass("compact");

    private final StackPane badge;
    private boolean compact;
    private double fullHeight;

    /**
     * @param svgIcon one of {@link Icons}' paths
     * @param title what is missing, e.g. "No weights loaded"
     * @param hint what to do about it
     */
    public EmptyState(String svgIcon, String title, String hint) {
        badge = new StackPane(Icons.create(svgIcon, 28));
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
        setMinHeight(0);
        heightProperty().addListener((obs, was, now) -> fit());
        widthProperty().addListener((obs, was, now) -> fit());
    }

    /** Compact when the height given is less than the full layout's (measured while full). */
    private void fit() {
        if (getWidth() <= 0 || getHeight() <= 0) {
            return;
        }
        if (!compact) {
            fullHeight = prefHeight(getWidth());
        }
        boolean want = getHeight() + 0.5 < fullHeight;
        if (want != compact) {
            compact = want;
            badge.setVisible(!want);
            badge.setManaged(!want);
            pseudoClassStateChanged(COMPACT, want);
        }
    }
}
