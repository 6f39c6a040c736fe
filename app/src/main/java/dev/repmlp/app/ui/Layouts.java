package dev.repmlp.app.ui;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;

/** Small layout rules that keep controls readable in a narrow window (down to 900x600). */
public final class Layouts {
    private Layouts() {}

    /**
     * Never narrower than their text: a row that runs out of room wraps or scrolls instead of
     * cutting the labels to "...".
     */
    public static void fullText(Labeled... controls) {
        for (Labeled c : controls) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
    }

    /**
     * A row of controls that wraps onto the next line when the window is too narrow for it; every
     * {@link Labeled} in it keeps its full text ({@link #fullText}).
     */
    public static FlowPane wrappingRow(double gap, Node... nodes) {
        FlowPane row = new FlowPane(gap, 6, nodes);
        row.setAlignment(Pos.CENTER_LEFT);
        for (Node n : nodes) {
            if (n instanceof Labeled l) {
                fullText(l);
            }
        }
        return row;
    }
}
