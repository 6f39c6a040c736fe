package dev.repmlp.app.ui;

import java.util.List;
import java.util.Locale;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/**
 * A top-k list: one row per class with its name, a bar as long as its probability and the
 * percentage. The first row is marked (style class {@code score-top}).
 */
public final class ScoreBars extends GridPane {
    private static final double BAR_WIDTH = 120;

    public ScoreBars() {
        getStyleClass().add("score-bars");
        ColumnConstraints name = new ColumnConstraints();
        name.setMinWidth(60);
        name.setPrefWidth(130);
        name.setHgrow(Priority.SOMETIMES);
        ColumnConstraints bar = new ColumnConstraints(BAR_WIDTH);
        ColumnConstraints pct = new ColumnConstraints(52);
        pct.setHalignment(HPos.RIGHT);
        getColumnConstraints().setAll(name, bar, pct);
    }

    /** Shows {@code guesses}, best first. */
    public void setGuesses(List<Guess> guesses) {
        getChildren().clear();
        for (int i = 0; i < guesses.size(); i++) {
            Guess g = guesses.get(i);
            Label name = new Label(g.label());
            name.getStyleClass().add("score-label");
            name.setTooltip(new Tooltip(g.label()));
            Region fill = new Region();
            fill.getStyleClass().add("score-fill");
            double width = Math.max(1, BAR_WIDTH * g.probability());
            fill.setMinWidth(width);
            fill.setMaxWidth(width);
            StackPane track = new StackPane(fill);
            track.getStyleClass().add("score-track");
            StackPane.setAlignment(fill, Pos.CENTER_LEFT);
            Label pct = new Label(percent(g.probability()));
            pct.getStyleClass().add("score-percent");
            if (i == 0) {
                name.getStyleClass().add("score-top");
                fill.getStyleClass().add("score-top");
                pct.getStyleClass().add("score-top");
            }
            addRow(i, name, track, pct);
        }
    }

    /** "97.3%", "0.02%", "<0.01%". */
    public static String percent(double p) {
        double pc = 100 * p;
        if (pc >= 1) {
            return String.format(Locale.ROOT, "%.1f%%", pc);
        }
        if (pc >= 0.01) {
            return String.format(Locale.ROOT, "%.2f%%", pc);
        }
        return "<0.01%";
    }
}
