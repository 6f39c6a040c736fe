package dev.repmlp.app.runs;

import dev.repmlp.app.charts.CurveChart;
import dev.repmlp.app.charts.RunCharts;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Runs page's bottom tabs, in this order: the opened run's charts (followed while it is
 * written), Compare (an overlay of the selected runs), the Slurm job's output, the folder's sweeps
 * and the selected run's notes.
 */
final class RunTabsPane extends TabPane {
    /** Tab indices, for the page's buttons that bring a tab to the front. */
    static final int OPENED = 0, COMPARE = 1, OUTPUT = 2, SWEEPS = 3;

    private final RunsViewModel viewModel;
    private final RunCharts charts = new RunCharts();
    private final CurveChart overlayTop1 =
            new CurveChart("Val top-1 per epoch", "epoch", "%", true);
    private final CurveChart overlayLoss =
            new CurveChart("Train loss per step", "step", "loss", true);

    RunTabsPane(RunsViewModel viewModel) {
        this.viewModel = Objects.requireNonNull(viewModel, "viewModel");
        buildTabs();
        charts.show(viewModel.openedCurves());
        charts.loss().setNoDataMessage("No steps");
        charts.accuracy().setNoDataMessage("No validated epoch");
        charts.lr().setNoDataMessage("No steps");
        overlayTop1.setNoDataMessage("Select two or more runs and press Compare");
        overlayLoss.setNoDataMessage("Select two or more runs and press Compare");
        Bindings.bindContent(overlayTop1.curves(), viewModel.overlayTop1());
        Bindings.bindContent(overlayLoss.curves(), viewModel.overlayLoss());
    }

    private void buildTabs() {
        Label title = new Label();
        title.setId("run-opened");
        title.getStyleClass().add("run-title");
        title.setWrapText(true);
        title.textProperty().bind(viewModel.openedTextProperty());
        GridPane grid = chartRow(charts.loss(), charts.accuracy(), charts.lr());
        VBox run = new VBox(8, title, grid);
        VBox.setVgrow(grid, Priority.ALWAYS);
        run.setPadding(new Insets(10, 0, 0, 0));
        Tab runTab = new Tab("Opened run", run);
        runTab.setId("tab-run");

        Label overlayTitle = new Label();
        overlayTitle.setId("overlay-text");
        overlayTitle.getStyleClass().add("muted");
        overlayTitle.textProperty().bind(viewModel.overlayTextProperty());
        overlayTop1.setId("overlay-top1");
        overlayLoss.setId("overlay-loss");
        GridPane overlay = chartRow(overlayTop1, overlayLoss);
        Tab compareTab =
                new Tab("Compare", new RunComparisonPane(viewModel, overlayTitle, overlay));
        compareTab.setId("tab-compare");

        Label outputTitle = new Label();
        outputTitle.setId("output-title");
        outputTitle.getStyleClass().add("muted");
        outputTitle.textProperty().bind(viewModel.outputTitleProperty());
        TextArea out = outputArea("output-stdout", viewModel.stdoutProperty());
        TextArea err = outputArea("output-stderr", viewModel.stderrProperty());
        GridPane outputs = new GridPane();
        outputs.setHgap(10);
        outputs.add(new VBox(4, new Label("stdout"), out), 0, 0);
        outputs.add(new VBox(4, new Label("stderr"), err), 1, 0);
        for (int i = 0; i < 2; i++) {
            javafx.scene.layout.ColumnConstraints col = new javafx.scene.layout.ColumnConstraints();
            col.setPercentWidth(50);
            outputs.getColumnConstraints().add(col);
        }
        VBox output = new VBox(8, outputTitle, outputs);
        VBox.setVgrow(outputs, Priority.ALWAYS);
        output.setPadding(new Insets(10, 0, 0, 0));
        Tab outputTab = new Tab("Job output", output);
        outputTab.setId("tab-output");

        ScrollPane sweepScroll = new ScrollPane(new RunSweepsPane(viewModel));
        sweepScroll.setFitToWidth(true);
        Tab sweepTab = new Tab("Sweeps", sweepScroll);
        sweepTab.setId("tab-sweeps");

        Tab notesTab = new Tab("Notes", new RunNotesPane(viewModel.notes()));
        notesTab.setId("tab-notes");
        getTabs().setAll(runTab, compareTab, outputTab, sweepTab, notesTab);
        setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        setMinHeight(200);
    }

    private static TextArea outputArea(String id, javafx.beans.value.ObservableValue<String> text) {
        TextArea a = new TextArea();
        a.setId(id);
        a.setEditable(false);
        a.setWrapText(false);
        a.getStyleClass().add("mono");
        a.textProperty().bind(text);
        a.setPrefRowCount(12);
        VBox.setVgrow(a, Priority.ALWAYS);
        return a;
    }

    private static GridPane chartRow(Region... charts) {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        for (int i = 0; i < charts.length; i++) {
            javafx.scene.layout.ColumnConstraints col = new javafx.scene.layout.ColumnConstraints();
            col.setPercentWidth(100.0 / charts.length);
            col.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(col);
            VBox card = new VBox(charts[i]);
            VBox.setVgrow(charts[i], Priority.ALWAYS);
            card.getStyleClass().add("card");
            card.setMinSize(0, 0);
            GridPane.setVgrow(card, Priority.ALWAYS);
            GridPane.setHgrow(card, Priority.ALWAYS);
            grid.add(card, i, 0);
        }
        javafx.scene.layout.RowConstraints row = new javafx.scene.layout.RowConstraints();
        row.setVgrow(Priority.ALWAYS);
        row.setPercentHeight(100);
        grid.getRowConstraints().add(row);
        return grid;
    }
}
