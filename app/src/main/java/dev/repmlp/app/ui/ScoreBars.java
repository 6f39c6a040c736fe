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
        name.setMinWidth(40);
        name.setPrefWidth(130);
        name.setHgrow(Priority.SOMETIMES);
        // in a narrow window the bar gives way first and the percentage never does
        ColumnConstraints bar = new ColumnConstraints(24, BAR_WIDTH, BAR_WIDTH);
        bar.setHgrow(Priority.SOMETIMES);
        ColumnConstraints pct = new ColumnConstraints();
        pct.setMinWidth(Region.USE_PREF_SIZE);
        pct.setPrefWidth(52);
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
            StackPane track = new StackPane(fill);
            track.setMinWidth(0);
            // as long as the probability, of whatever width the track has
            fill.setMinWidth(1);
            fill.maxWidthProperty()
                    .bind(track.widthProperty().multiply(g.probability()).add(1 - g.probability()));
            track.getStyleClass().add("score-track");
            StackPane.setAlignment(fill, Pos.CENTER_LEFT);
            Label pct = new Label(percent(g.probability()));
            pct.getStyleClass().add("score-percent");
            pct.setMinWidth(Region.USE_PREF_SIZE);
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
