package dev.repmlp.app.runs;

import java.util.Objects;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;

/**
 * The Sweeps tab's content (node id {@code sweeps}): one table per sweep in the runs folder,
 * redrawn whenever the folder is listed again.
 */
final class RunSweepsPane extends VBox {
    private final RunsViewModel viewModel;

    RunSweepsPane(RunsViewModel viewModel) {
        super(12);
        this.viewModel = Objects.requireNonNull(viewModel, "viewModel");
        setId("sweeps");
        setPadding(new Insets(10, 0, 0, 0));
        viewModel
                .sweeps()
                .addListener((ListChangeListener<RunListing.SweepGroup>) c -> drawSweeps(this));
        drawSweeps(this);
    }

    /** One table per sweep: its grid values, each point's state and best val top-1. */
    private void drawSweeps(VBox box) {
        box.getChildren().clear();
        if (viewModel.sweeps().isEmpty()) {
            Label none =
                    new Label("No sweeps in this folder (a sweep is a folder with sweep.json)");
            none.getStyleClass().add("muted");
            box.getChildren().add(none);
            return;
        }
        for (RunListing.SweepGroup g : viewModel.sweeps()) {
            StringBuilder title = new StringBuilder(g.name());
            if (!g.job().isEmpty()) {
                title.append(" \u00b7 Slurm job array ").append(g.job());
            }
            title.append(" \u00b7 ").append(g.points().size()).append(" points");
            g.best()
                    .ifPresent(
                            b ->
                                    title.append(" \u00b7 best val top-1 ")
                                            .append(b.bestText())
                                            .append(" % at ")
                                            .append(String.join(", ", b.values())));
            Label head = new Label(title.toString());
            head.getStyleClass().add("run-title");
            TableView<RunListing.SweepPoint> t = new TableView<>();
            t.setId("sweep-" + g.name());
            t.getStyleClass().add("sweep-table");
            for (int i = 0; i < g.keys().size(); i++) {
                int k = i;
                t.getColumns().add(RunsView.column(g.keys().get(i), p -> p.values().get(k), 120));
            }
            t.getColumns().add(RunsView.column("Run", p -> p.run().getFileName().toString(), 120));
            t.getColumns().add(RunsView.column("State", RunListing.SweepPoint::state, 200));
            t.getColumns()
                    .add(RunsView.column("Best val top-1 %", RunListing.SweepPoint::bestText, 120));
            t.getItems().setAll(g.points());
            t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
            t.setFixedCellSize(26);
            t.setPrefHeight(30 + 26 * (g.points().size() + 0.5));
            box.getChildren().add(new VBox(4, head, t));
        }
    }
}
