package dev.repmlp.app.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javafx.beans.Observable;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * Priority columns for a table of short texts: every shown column is as wide as its widest text
 * (header and cells), so no cell is cut to "..."; when the table is too narrow for all of them the
 * least important columns are hidden first, and columns that are empty in every row are hidden too.
 * The table's column menu ("+" at the header's right) shows or hides a column by hand, and that
 * choice wins over the policy, as does a width the user drags a column to. Space that is left goes
 * to one flexible column when it is shown, else to all shown columns in proportion to their widths.
 *
 * <p>Widths are measured with the fonts the table's skin uses (after CSS), in pixels.
 *
 * @param <S> the row type
 */
public final class PriorityColumns<S> {
    /** Room for the vertical scroll bar and the cells' grid lines, in pixels. */
    static final double RESERVED = 18;

    /** Slack beyond the measured text, so rounding never brings an ellipsis, in pixels. */
    private static final double SLACK = 6;

    private final TableView<S> table;
    private final List<TableColumn<S, ?>> byPriority;
    private final TableColumn<S, ?> flexible;
    private final Set<TableColumn<S, ?>> userHidden = new HashSet<>();
    private final Set<TableColumn<S, ?>> userShown = new HashSet<>();
    private final Map<TableColumn<S, ?>, Double> userWidths = new HashMap<>();
    private boolean applying;

    /** Text widths by font and text; cleared when it holds more than {@link #MEASURED_MAX}. */
    private final Map<String, Double> measured = new HashMap<>();

    private static final int MEASURED_MAX = 20_000;

    private PriorityColumns(
            TableView<S> table, List<TableColumn<S, ?>> byPriority, TableColumn<S, ?> flexible) {
        this.table = table;
        this.byPriority = List.copyOf(byPriority);
        this.flexible = flexible;
    }

    /**
     * Lets {@code table}'s columns follow its width and rows; switches the table to the
     * unconstrained resize policy and shows its column menu.
     *
     * @param byPriority the table's columns, most important first (the first is always shown)
     * @param flexible the column that takes the width that is left (one of them)
     * @param refreshOn further values the cells' texts depend on (e.g. notes being edited)
     * @throws IllegalArgumentException when a column is not the table's or one is missing
     */
    public static <S> PriorityColumns<S> install(
            TableView<S> table,
            List<TableColumn<S, ?>> byPriority,
            TableColumn<S, ?> flexible,
            Observable... refreshOn) {
        Objects.requireNonNull(table, "table");
        if (!new HashSet<>(byPriority).equals(new HashSet<>(table.getColumns()))
                || !byPriority.contains(flexible)) {
            throw new IllegalArgumentException(
                    "byPriority must list exactly the table's columns, flexible one of them");
        }
        PriorityColumns<S> p = new PriorityColumns<>(table, byPriority, flexible);
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setTableMenuButtonVisible(true);
        table.widthProperty().addListener((obs, was, now) -> p.apply());
        table.getItems().addListener((ListChangeListener<S>) c -> p.apply());
        table.skinProperty().addListener((obs, was, now) -> p.apply());
        for (Observable o : refreshOn) {
            o.addListener(x -> p.apply());
        }
        for (TableColumn<S, ?> c : byPriority) {
            // a column the user drags to a width keeps it (the folder is listed again while a
            // run is written, which would undo it)
            c.widthProperty()
                    .addListener(
                            (obs, was, now) -> {
                                // a drag sets the width alone; the policy sets the preferred one
                                if (!p.applying
                                        && Math.abs(now.doubleValue() - c.getPrefWidth()) > 0.5) {
                                    p.userWidths.put(c, now.doubleValue());
                                }
                            });
            c.visibleProperty()
                    .addListener(
                            (obs, was, now) -> {
                                if (!p.applying) {
                                    p.userChose(c, now);
                                }
                            });
        }
        return p;
    }

    private void userChose(TableColumn<S, ?> c, boolean shown) {
        (shown ? userShown : userHidden).add(c);
        (shown ? userHidden : userShown).remove(c);
        apply();
    }

    /** The text a column shows for a row ("" for none). */
    public static <S> String text(TableColumn<S, ?> column, S row) {
        Object v = column.getCellData(row);
        return v == null ? "" : v.toString();
    }

    /**
     * Every column's title and value for {@code row}, one per line, leaving out empty values: a
     * row's tooltip, so that hidden columns stay readable.
     */
    public static <S> String summary(TableView<S> table, S row) {
        StringBuilder b = new StringBuilder();
        for (TableColumn<S, ?> c : table.getColumns()) {
            String v = text(c, row);
            if (!v.isBlank()) {
                if (b.length() > 0) {
                    b.append('\n');
                }
                b.append(c.getText()).append(": ").append(v);
            }
        }
        return b.toString();
    }

    /** Chooses the shown columns and their widths for the table's current width and rows. */
    public void apply() {
        if (applying || table.getSkin() == null || table.getWidth() <= 0) {
            return;
        }
        applying = true;
        try {
            Fonts fonts = fonts();
            Map<TableColumn<S, ?>, Double> need = new LinkedHashMap<>();
            for (TableColumn<S, ?> c : byPriority) {
                need.put(c, userWidths.getOrDefault(c, width(c, fonts)));
            }
            Insets in = table.getInsets();
            double room = table.getWidth() - in.getLeft() - in.getRight() - RESERVED;
            double used = 0;
            List<TableColumn<S, ?>> shown = new ArrayList<>();
            List<TableColumn<S, ?>> order = new ArrayList<>(byPriority);
            // columns the user asked for come right after the first
            order.sort((a, b) -> Boolean.compare(userShown.contains(b), userShown.contains(a)));
            order.remove(byPriority.get(0));
            order.add(0, byPriority.get(0));
            for (TableColumn<S, ?> c : order) {
                boolean first = c == byPriority.get(0);
                boolean wanted =
                        first
                                || userShown.contains(c)
                                || (!userHidden.contains(c) && !emptyEverywhere(c));
                if (wanted && (first || used + need.get(c) <= room)) {
                    shown.add(c);
                    used += need.get(c);
                }
            }
            double left = Math.max(0, room - used);
            for (TableColumn<S, ?> c : byPriority) {
                boolean show = shown.contains(c);
                c.setVisible(show);
                if (show) {
                    double w = need.get(c);
                    if (c == byPriority.get(0) && w > room) {
                        w = Math.max(c.getMinWidth(), room);
                    }
                    // the flexible column takes the room left when it is shown, else all share it
                    double extra =
                            userWidths.containsKey(c)
                                    ? 0
                                    : shown.contains(flexible)
                                            ? (c == flexible ? left : 0)
                                            : left * need.get(c) / Math.max(1, used);
                    c.setPrefWidth(Math.floor(w + extra));
                }
            }
        } finally {
            applying = false;
        }
    }

    /** The width {@code column} needs for its texts now, in pixels (for tests). */
    double needed(TableColumn<S, ?> column) {
        return width(column, fonts());
    }

    private boolean emptyEverywhere(TableColumn<S, ?> c) {
        for (S row : table.getItems()) {
            if (!text(c, row).isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** The widest of the column's header and cell texts, with their padding. */
    private double width(TableColumn<S, ?> c, Fonts fonts) {
        double w = measure(c.getText(), fonts.header()) + fonts.headerPadding();
        for (S row : table.getItems()) {
            w = Math.max(w, measure(text(c, row), fonts.cell()) + fonts.cellPadding());
        }
        // a column is never drawn narrower than its minimum width
        return Math.max(c.getMinWidth(), Math.ceil(w + SLACK));
    }

    private double measure(String s, Font font) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        // the folder is listed again every few seconds: the same texts, measured once
        if (measured.size() > MEASURED_MAX) {
            measured.clear();
        }
        return measured.computeIfAbsent(
                font.getName() + '\u0000' + font.getSize() + '\u0000' + s,
                k -> {
                    Text t = new Text(s);
                    t.setFont(font);
                    return t.getLayoutBounds().getWidth();
                });
    }

    private record Fonts(Font header, double headerPadding, Font cell, double cellPadding) {}

    /** The fonts the skin draws with: a header's label and, once there is one, a cell. */
    private Fonts fonts() {
        Font header = Font.getDefault();
        double headerPadding = 12;
        Node label = table.lookup(".column-header .label");
        if (label instanceof Labeled l) {
            header = l.getFont();
            Insets p = l.getInsets();
            headerPadding = Math.max(headerPadding, p.getLeft() + p.getRight() + 6);
        }
        Font cell = Font.font(header.getFamily(), FontWeight.NORMAL, header.getSize());
        double cellPadding = 8;
        for (Node n : table.lookupAll(".table-cell")) {
            if (n instanceof TableCell<?, ?> tc && !tc.isEmpty()) {
                cell = tc.getFont();
                Insets p = tc.getInsets();
                cellPadding = p.getLeft() + p.getRight() + 2;
                break;
            }
        }
        return new Fonts(header, headerPadding, cell, cellPadding);
    }
}
