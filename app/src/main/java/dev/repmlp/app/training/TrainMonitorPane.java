package dev.repmlp.app.training;

import dev.repmlp.app.charts.RunCharts;
import dev.repmlp.app.ui.FileDialogs;
import dev.repmlp.app.ui.Layouts;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The Train page's right column (node id {@code train-monitor}): Slurm settings, Start, Stop,
 * Resume, progress, the live loss / accuracy / learning-rate charts and the log.
 */
final class TrainMonitorPane extends VBox {
    private final TrainViewModel viewModel;
    private final FileDialogs dialogs;
    private final Supplier<Window> window;
    private final RunCharts charts = new RunCharts();

    /**
     * @param window the page's window, for the resume chooser (null while not shown)
     */
    TrainMonitorPane(TrainViewModel viewModel, FileDialogs dialogs, Supplier<Window> window) {
        super(12);
        this.viewModel = Objects.requireNonNull(viewModel, "viewModel");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.window = Objects.requireNonNull(window, "window");
        buildMonitor();
        setId("train-monitor");
        getStyleClass().add("monitor");
        charts.show(viewModel.curves());
        // before Start the LR chart shows the schedule the run will follow
        charts.lr().curves().add(viewModel.plan().plannedLr());
    }

    private void buildMonitor() {
        Button start = new Button("Start");
        start.setId("train-start");
        start.getStyleClass().add("accent");
        start.setDefaultButton(true);
        start.disableProperty().bind(viewModel.canStartBinding().not());
        start.setOnAction(e -> viewModel.start());

        Button stop = new Button("Stop");
        stop.setId("train-stop");
        stop.disableProperty()
                .bind(
                        Bindings.createBooleanBinding(
                                () ->
                                        viewModel.getState() != TrainState.RUNNING
                                                && viewModel.getState() != TrainState.STARTING,
                                viewModel.stateProperty()));
        stop.setOnAction(e -> viewModel.stop());

        Button resume = new Button("Resume");
        resume.setId("train-resume");
        resume.disableProperty()
                .bind(viewModel.runningProperty().or(viewModel.resumeTargetProperty().isNull()));
        resume.setOnAction(e -> viewModel.resume());

        Hyperlink choose = new Hyperlink("Choose a run to resume...");
        choose.setId("train-resume-choose");
        choose.disableProperty().bind(viewModel.runningProperty());
        choose.setOnAction(
                e ->
                        dialogs.chooseDirectory(
                                        window.get(), "Run to resume", viewModel.runsFolder())
                                .ifPresent(viewModel::chooseResumeTarget));

        FlowPane buttons = Layouts.wrappingRow(8, start, stop, resume, choose);

        Label status = new Label();
        status.setId("train-status");
        status.getStyleClass().add("run-status");
        status.setWrapText(true);
        status.textProperty().bind(viewModel.statusProperty());

        ProgressBar bar = new ProgressBar(0);
        bar.setId("train-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty()
                .bind(
                        Bindings.when(
                                        viewModel
                                                .runningProperty()
                                                .or(viewModel.progressProperty().greaterThan(0)))
                                .then(viewModel.progressProperty())
                                .otherwise(0.0));
        HBox.setHgrow(bar, Priority.ALWAYS);
        Label progressText = new Label();
        progressText.setId("train-progress-text");
        progressText.getStyleClass().add("muted");
        progressText.textProperty().bind(viewModel.progressTextProperty());
        Label dataHint = new Label();
        dataHint.setId("train-data-hint");
        dataHint.setWrapText(true);
        dataHint.textProperty().bind(viewModel.dataHintProperty());
        dataHint.visibleProperty().bind(viewModel.dataHintProperty().isNotEmpty());
        dataHint.managedProperty().bind(dataHint.visibleProperty());
        VBox progress = new VBox(4, bar, progressText, dataHint);

        Label runFolder = new Label();
        runFolder.setId("train-run-folder");
        runFolder.getStyleClass().add("muted");
        runFolder
                .textProperty()
                .bind(
                        Bindings.createStringBinding(
                                () ->
                                        viewModel.currentRunProperty().get() == null
                                                ? ""
                                                : "Run folder: "
                                                        + viewModel.currentRunProperty().get(),
                                viewModel.currentRunProperty()));
        runFolder.visibleProperty().bind(viewModel.currentRunProperty().isNotNull());
        runFolder.managedProperty().bind(runFolder.visibleProperty());

        Label resumeText = new Label();
        resumeText.setId("train-resume-text");
        resumeText.getStyleClass().add("muted");
        resumeText.textProperty().bind(viewModel.resumeTextProperty());
        // the run's folder is long: whole, on two lines, in a narrow window
        resumeText.setWrapText(true);
        resumeText.setMinHeight(Region.USE_PREF_SIZE);
        resumeText
                .visibleProperty()
                .bind(
                        viewModel
                                .resumeTargetProperty()
                                .isNotNull()
                                .and(viewModel.runningProperty().not()));
        resumeText.managedProperty().bind(resumeText.visibleProperty());

        VBox head =
                new VBox(
                        6,
                        new SlurmPane(viewModel.slurm()),
                        buttons,
                        status,
                        progress,
                        runFolder,
                        resumeText);
        head.getStyleClass().add("monitor-head");

        GridPane grid = new GridPane();
        grid.getStyleClass().add("chart-grid");
        grid.setHgap(10);
        grid.setVgap(10);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints col = new ColumnConstraints();
            col.setPercentWidth(50);
            col.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(col);
            RowConstraints row = new RowConstraints();
            row.setPercentHeight(50);
            row.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().add(row);
        }
        grid.add(card(charts.loss()), 0, 0);
        grid.add(card(charts.accuracy()), 1, 0);
        grid.add(card(charts.lr()), 0, 1);
        grid.add(card(buildLog()), 1, 1);
        VBox.setVgrow(grid, Priority.ALWAYS);

        getChildren().setAll(head, grid);
    }

    private static Region card(Region content) {
        VBox card = new VBox(content);
        VBox.setVgrow(content, Priority.ALWAYS);
        card.getStyleClass().add("card");
        card.setMinSize(0, 0);
        return card;
    }

    private Region buildLog() {
        TextArea log = new TextArea();
        log.setId("train-log");
        log.getStyleClass().add("run-log");
        log.setEditable(false);
        log.setWrapText(true);
        log.setPromptText("The run's log appears here.");
        viewModel
                .log()
                .addListener(
                        (ListChangeListener<String>)
                                c -> {
                                    boolean removed = false;
                                    StringBuilder added = new StringBuilder();
                                    while (c.next()) {
                                        removed |= c.wasRemoved();
                                        for (String line : c.getAddedSubList()) {
                                            added.append(line).append('\n');
                                        }
                                    }
                                    if (removed) {
                                        log.setText(
                                                String.join("\n", viewModel.log())
                                                        + (viewModel.log().isEmpty() ? "" : "\n"));
                                    } else {
                                        log.appendText(added.toString());
                                    }
                                });
        Label title = new Label("Log");
        title.getStyleClass().add("card-title");
        VBox box = new VBox(6, title, log);
        VBox.setVgrow(log, Priority.ALWAYS);
        return box;
    }
}
