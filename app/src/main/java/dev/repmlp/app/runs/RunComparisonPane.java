package dev.repmlp.app.runs;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableRow;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Compare tab of the Runs page: the loss smoothing slider over the overlaid curves, and the
 * compared runs' table (node id {@code compare-settings}): results, tags and notes, then the
 * settings that differ (highlighted) and, folded, those that are the same in every run.
 */
final class RunComparisonPane extends VBox {
    /** One line of the table: a group heading or a row with one value per run. */
    record Line(String key, List<String> values, boolean differs, boolean group) {}

    private final TreeTableView<Line> tree = new TreeTableView<>();
    private final Slider smoothing = new Slider(0, LossSmoothing.MAX_WEIGHT, 0);

    /**
     * @param title the overlay's one-line description
     * @param charts the overlaid val top-1 and loss charts
     */
    RunComparisonPane(RunsViewModel viewModel, Label title, Region charts) {
        super(8);
        Objects.requireNonNull(viewModel, "viewModel");
        smoothing.setId("compare-smoothing");
        smoothing.setBlockIncrement(0.05);
        smoothing.setPrefWidth(180);
        smoothing.setTooltip(
                new Tooltip(
                        "Smoothing of the loss curves (exponential moving average, as"
                                + " TensorBoard's slider); the raw curve stays drawn faintly"));
        smoothing.valueProperty().bindBidirectional(viewModel.smoothedLosses().smoothingProperty());
        Label value = new Label();
        value.setId("compare-smoothing-value");
        value.setMinWidth(36);
        value.textProperty().bind(smoothing.valueProperty().asString(Locale.ROOT, "%.2f"));
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox bar = new HBox(8, title, grow, new Label("Loss smoothing"), smoothing, value);
        bar.setAlignment(Pos.CENTER_LEFT);

        Label summary = new Label();
        summary.setId("compare-summary");
        summary.getStyleClass().add("muted");
        summary.setWrapText(true);
        summary.textProperty().bind(viewModel.comparison().summaryProperty());
        tree.setId("compare-settings");
        tree.getStyleClass().add("compare-settings");
        tree.setShowRoot(false);
        tree.setPlaceholder(new Label("Select two or more runs and press Compare"));
        // fixed widths: many runs scroll sideways rather than squeeze each other
        tree.setColumnResizePolicy(TreeTableView.UNCONSTRAINED_RESIZE_POLICY);
        tree.setRowFactory(t -> new LineRow());
        VBox table = new VBox(6, summary, tree);
        VBox.setVgrow(tree, Priority.ALWAYS);
        table.setMinWidth(200);

        SplitPane split = new SplitPane(table, charts);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.45);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().setAll(bar, split);
        setPadding(new Insets(10, 0, 0, 0));

        viewModel.comparison().tableProperty().addListener((obs, old, t) -> show(t));
        show(viewModel.comparison().tableProperty().get());
    }

    private void show(ComparisonTable t) {
        tree.getColumns().clear();
        TreeItem<Line> root = new TreeItem<>(new Line("", List.of(), false, true));
        tree.setRoot(root);
        if (t.runs().isEmpty()) {
            return;
        }
        TreeTableColumn<Line, String> key = new TreeTableColumn<>("Setting");
        key.setPrefWidth(185);
        key.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().getValue().key()));
        tree.getColumns().add(key);
        for (int i = 0; i < t.runs().size(); i++) {
            int run = i;
            TreeTableColumn<Line, String> col = new TreeTableColumn<>(t.runs().get(i));
            col.setPrefWidth(160);
            col.setCellValueFactory(
                    c -> {
                        List<String> v = c.getValue().getValue().values();
                        return new ReadOnlyStringWrapper(run < v.size() ? v.get(run) : "");
                    });
            tree.getColumns().add(col);
        }
        root.getChildren()
                .add(
                        group(
                                "Results",
                                t.results().stream().map(r -> line(r, false)).toList(),
                                true));
        root.getChildren()
                .add(
                        group(
                                "Tags and notes",
                                t.notes().stream().map(r -> line(r, false)).toList(),
                                true));
        root.getChildren()
                .add(
                        group(
                                "Differ (" + t.differing().size() + ")",
                                t.differing().stream().map(RunComparisonPane::line).toList(),
                                true));
        root.getChildren()
                .add(
                        group(
                                "Same in all runs (" + t.same().size() + ")",
                                t.same().stream().map(RunComparisonPane::line).toList(),
                                false));
    }

    private static Line line(ComparisonTable.Row r, boolean differs) {
        return new Line(r.key(), r.values(), differs, false);
    }

    private static Line line(RunComparison.Setting s) {
        return new Line(s.key(), s.values(), s.differs(), false);
    }

    private static TreeItem<Line> group(String title, List<Line> lines, boolean expanded) {
        TreeItem<Line> g = new TreeItem<>(new Line(title, List.of(), false, true));
        for (Line l : lines) {
            g.getChildren().add(new TreeItem<>(l));
        }
        g.setExpanded(expanded);
        return g;
    }

    /** Marks group headings and differing settings for the stylesheet. */
    private static final class LineRow extends TreeTableRow<Line> {
        @Override
        protected void updateItem(Line item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeAll("compare-group", "compare-differs");
            if (!empty && item != null) {
                if (item.group()) {
                    getStyleClass().add("compare-group");
                } else if (item.differs()) {
                    getStyleClass().add("compare-differs");
                }
            }
        }
    }

    /** The table's top-level groups (for tests). */
    TreeTableView<Line> tree() {
        return tree;
    }
}
