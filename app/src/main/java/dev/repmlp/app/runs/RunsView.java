package dev.repmlp.app.runs;

import dev.repmlp.app.charts.XY;
import dev.repmlp.app.ui.EmptyState;
import dev.repmlp.app.ui.FileDialogs;
import dev.repmlp.app.ui.Icons;
import dev.repmlp.app.ui.Layouts;
import dev.repmlp.app.ui.PageHeader;
import dev.repmlp.app.ui.PriorityColumns;
import dev.repmlp.app.ui.ScreenshotHooks;
import dev.repmlp.app.ui.Settings;
import dev.repmlp.app.ui.Stylesheets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The Runs page (node id {@code runs-view}): the runs folder's runs in a table; below it the opened
 * run's charts (followed while it is written) and an overlay of the selected runs.
 */
public final class RunsView extends BorderPane {
    /** What the CSV export writes, shown on the button and in the file dialog. */
    public static final String CSV_NOTE =
            "One CSV per run (several selected: one each into a folder): a row per step and per"
                    + " epoch, the type column says which; epochs and steps count from 1; cells"
                    + " that do not apply are empty";

    private static final DateTimeFormatter UPDATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final RunsViewModel viewModel;
    private final FileDialogs dialogs;
    private final TableView<RunRow> table = new TableView<>();
    private final RunTabsPane tabs;
    private Set<Path> remembered = Set.of();
    private boolean restoring;

    // kept in a field: a fluent binding lives only as long as someone holds it
    private final javafx.beans.value.ObservableValue<Boolean> showing;

    public RunsView(RunsViewModel viewModel) {
        this(viewModel, FileDialogs.system());
    }

    public RunsView(RunsViewModel viewModel, FileDialogs dialogs) {
        this(viewModel, dialogs, Settings.inMemory());
    }

    /**
     * @param settings where the split position is remembered across restarts
     */
    public RunsView(RunsViewModel viewModel, FileDialogs dialogs, Settings settings) {
        this.viewModel = Objects.requireNonNull(viewModel, "viewModel");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.tabs = new RunTabsPane(viewModel);
        setId("runs-view");
        getStyleClass().addAll("page", "runs-page");
        Stylesheets.add(this, Stylesheets.RUN_PAGES);
        setTop(
                new PageHeader(
                        "Runs",
                        "Browse the run directories written by the workbench or the CLI, follow"
                                + " live runs and compare their curves."));

        EmptyState empty =
                new EmptyState(
                        Icons.RUNS,
                        "No runs yet",
                        "Start a run on the Train page or choose another folder.");
        empty.visibleProperty().bind(viewModel.emptyProperty());
        empty.managedProperty().bind(empty.visibleProperty());
        table.visibleProperty().bind(viewModel.emptyProperty().not());
        table.managedProperty().bind(table.visibleProperty());
        StackPane listArea = new StackPane(buildTable(), empty);
        VBox top = new VBox(8, buildToolbar(), buildFilter(), listArea);
        VBox.setVgrow(listArea, Priority.ALWAYS);
        top.setMinHeight(150);

        SplitPane split = new SplitPane(top, tabs);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.38);
        settings.rememberSplit(split, "runs.split");
        // the folder is watched while the page is on screen; coming back lists it again
        showing =
                sceneProperty()
                        .flatMap(javafx.scene.Scene::windowProperty)
                        .flatMap(javafx.stage.Window::showingProperty)
                        .orElse(false);
        showing.addListener(
                (obs, was, now) -> {
                    if (now) {
                        viewModel.watch();
                        viewModel.refresh();
                    } else {
                        viewModel.stopWatching();
                    }
                });
        if (showing.getValue()) {
            viewModel.watch();
        }
        split.getStyleClass().add("runs-split");
        BorderPane.setMargin(split, new Insets(16, 0, 0, 0));
        setCenter(split);

        Label message = new Label();
        message.setId("runs-message");
        message.getStyleClass().add("muted");
        message.textProperty().bind(viewModel.messageProperty());
        BorderPane.setMargin(message, new Insets(8, 0, 0, 0));
        setBottom(message);

        // the screenshot tour shows the folder's sweeps, when it holds any, else opens a run so
        // the charts show curves; it shoots once the folder is listed and that run is read
        BooleanProperty tourReady = new SimpleBooleanProperty(false);
        ScreenshotHooks.install(this, () -> prepareTour(tourReady), tourReady);
    }

    /** For the screenshot tour: sweeps, or the best completed run opened; then ready. */
    private void prepareTour(BooleanProperty ready) {
        Runnable check =
                () -> {
                    if (ready.get() || viewModel.messageProperty().get().isEmpty()) {
                        return;
                    }
                    if (!viewModel.sweeps().isEmpty()) {
                        tabs.getSelectionModel().select(RunTabsPane.SWEEPS);
                        ready.set(true);
                    } else if (viewModel.runs().isEmpty()) {
                        ready.set(true);
                    } else if (viewModel.openedProperty().get() == null) {
                        RunRow best =
                                viewModel.runs().stream()
                                        .filter(r -> "completed".equals(r.state()))
                                        .max(Comparator.comparingDouble(RunRow::bestTop1))
                                        .orElse(viewModel.runs().get(0));
                        table.getSelectionModel().clearSelection();
                        table.getSelectionModel().select(best);
                        viewModel.open(best);
                        tabs.getSelectionModel().select(RunTabsPane.OPENED);
                    } else if (viewModel.openedCurves().valTop1().size() > 0) {
                        ready.set(true);
                    }
                };
        // listed (message), opened and read (curves): any of them may come first
        viewModel.messageProperty().addListener((obs, was, now) -> check.run());
        viewModel.runs().addListener((ListChangeListener<RunRow>) c -> check.run());
        viewModel
                .openedCurves()
                .valTop1()
                .points()
                .addListener((ListChangeListener<XY>) c -> check.run());
        check.run();
    }

    private Region buildToolbar() {
        TextField folder = new TextField();
        folder.setId("runs-folder");
        folder.textProperty().bindBidirectional(viewModel.folderTextProperty());
        HBox.setHgrow(folder, Priority.ALWAYS);
        Button browse = new Button("Browse...");
        browse.setId("runs-browse");
        browse.setOnAction(
                e ->
                        dialogs.chooseDirectory(window(), "Runs folder", viewModel.folder())
                                .ifPresent(p -> folder.setText(p.toString())));
        Button refresh = new Button("Refresh");
        refresh.setId("runs-refresh");
        refresh.setOnAction(e -> viewModel.refresh());

        Button open = new Button("Open");
        open.setId("runs-open");
        open.disableProperty()
                .bind(Bindings.size(table.getSelectionModel().getSelectedItems()).isNotEqualTo(1));
        open.setOnAction(e -> openSelected());
        Button compare = new Button("Compare");
        compare.setId("runs-compare");
        compare.setTooltip(new Tooltip("Overlay the curves of the selected runs"));
        compare.disableProperty()
                .bind(Bindings.size(table.getSelectionModel().getSelectedItems()).lessThan(2));
        compare.setOnAction(
                e -> {
                    viewModel.compare(List.copyOf(table.getSelectionModel().getSelectedItems()));
                    tabs.getSelectionModel().select(RunTabsPane.COMPARE);
                });
        Button export = new Button("Export CSV...");
        export.setId("runs-export");
        export.setTooltip(new Tooltip(CSV_NOTE));
        export.disableProperty()
                .bind(Bindings.isEmpty(table.getSelectionModel().getSelectedItems()));
        export.setOnAction(e -> exportSelected());

        Button cancel = new Button("Cancel job");
        cancel.setId("runs-cancel");
        cancel.setTooltip(new Tooltip("Cancel the selected run's Slurm job (scancel)"));
        cancel.disableProperty()
                .bind(
                        Bindings.createBooleanBinding(
                                () -> {
                                    List<RunRow> sel = table.getSelectionModel().getSelectedItems();
                                    return sel.size() != 1 || !sel.get(0).cancellable();
                                },
                                table.getSelectionModel().getSelectedItems()));
        cancel.setOnAction(
                e -> {
                    RunRow row = table.getSelectionModel().getSelectedItem();
                    if (row != null) {
                        viewModel.cancel(row);
                    }
                });
        Button output = new Button("Output");
        output.setId("runs-output");
        output.setTooltip(new Tooltip("Show the selected Slurm job's stdout and stderr"));
        output.disableProperty()
                .bind(
                        Bindings.createBooleanBinding(
                                () -> {
                                    List<RunRow> sel = table.getSelectionModel().getSelectedItems();
                                    return sel.size() != 1 || sel.get(0).job().isEmpty();
                                },
                                table.getSelectionModel().getSelectedItems()));
        output.setOnAction(
                e -> {
                    RunRow row = table.getSelectionModel().getSelectedItem();
                    if (row != null) {
                        viewModel.showOutput(row);
                        tabs.getSelectionModel().select(RunTabsPane.OUTPUT);
                    }
                });

        Label label = new Label("Runs folder");
        // a fixed width, so the bar wraps instead of cutting the buttons' labels
        folder.setPrefColumnCount(22);
        FlowPane bar =
                Layouts.wrappingRow(
                        8, label, folder, browse, refresh, open, compare, export, cancel, output);
        bar.getStyleClass().add("runs-toolbar");
        return bar;
    }

    /** The filter box: name, tags or notes. */
    private Region buildFilter() {
        TextField filter = new TextField();
        filter.setId("runs-filter");
        filter.setPromptText("Filter by name, tag or note (all words must match)");
        filter.textProperty().bindBidirectional(viewModel.notes().filterProperty());
        HBox.setHgrow(filter, Priority.ALWAYS);
        Label shown = new Label();
        shown.setId("runs-shown");
        shown.getStyleClass().add("muted");
        shown.textProperty()
                .bind(
                        Bindings.createStringBinding(
                                () ->
                                        table.getItems().size()
                                                + " of "
                                                + viewModel.runs().size()
                                                + " runs",
                                table.getItems(),
                                viewModel.runs(),
                                viewModel.notes().predicateProperty()));
        HBox row = new HBox(8, new Label("Filter"), filter, shown);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** Tags and notes columns, following the notes as they are read and saved. */
    private List<TableColumn<RunRow, String>> notesColumns() {
        RunNotesModel notes = viewModel.notes();
        TableColumn<RunRow, String> tags = new TableColumn<>("Tags");
        tags.setCellValueFactory(
                cell ->
                        Bindings.createStringBinding(
                                () -> notes.tagsTextOf(cell.getValue().dir()), notes.notes()));
        tags.setPrefWidth(110);
        TableColumn<RunRow, String> text = new TableColumn<>("Notes");
        text.setCellValueFactory(
                cell ->
                        Bindings.createStringBinding(
                                () -> notes.notesLineOf(cell.getValue().dir()), notes.notes()));
        text.setPrefWidth(160);
        return List.of(tags, text);
    }

    private static Region spacer() {
        Region r = new Region();
        r.setMinWidth(12);
        return r;
    }

    private Region buildTable() {
        table.setId("runs-table");
        table.getStyleClass().add("runs-table");
        keepSelection();
        // the runs that pass the filter box
        FilteredList<RunRow> filtered = new FilteredList<>(viewModel.runs());
        filtered.predicateProperty().bind(viewModel.notes().predicateProperty());
        table.setItems(filtered);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        TableColumn<RunRow, String> name = nameColumn();
        TableColumn<RunRow, String> preset = column("Preset", RunRow::preset, 120);
        TableColumn<RunRow, String> dataset = column("Dataset", RunRow::dataset, 90);
        TableColumn<RunRow, String> best = column("Best val top-1 %", RunRow::bestText, 100);
        TableColumn<RunRow, String> epochs = column("Epochs", RunRow::epochsText, 60);
        TableColumn<RunRow, String> state = column("State", RunRow::state, 80);
        TableColumn<RunRow, String> slurm = column("Slurm", RunsView::slurmText, 200);
        TableColumn<RunRow, String> updated =
                column("Updated", r -> UPDATED.format(r.updated()), 110);
        List<TableColumn<RunRow, String>> notes = notesColumns();
        TableColumn<RunRow, String> tags = notes.get(0);
        TableColumn<RunRow, String> text = notes.get(1);
        table.getColumns()
                .setAll(
                        List.of(
                                name, tags, text, preset, dataset, best, epochs, state, slurm,
                                updated));
        // at 900 px not all fit: the least important give way first, empty ones (no Slurm job,
        // no notes) are not shown at all; each row's tooltip has every value
        PriorityColumns.install(
                table,
                List.of(name, best, state, epochs, updated, preset, tags, dataset, slurm, text),
                text,
                viewModel.notes().notes());
        table.getSelectionModel()
                .getSelectedItems()
                .addListener(
                        (ListChangeListener<RunRow>)
                                c -> {
                                    if (!restoring) {
                                        List<RunRow> sel =
                                                table.getSelectionModel().getSelectedItems();
                                        viewModel.notes().edit(sel.size() == 1 ? sel.get(0) : null);
                                    }
                                });
        table.setRowFactory(
                t -> {
                    TableRow<RunRow> row =
                            new TableRow<>() {
                                @Override
                                protected void updateItem(RunRow item, boolean empty) {
                                    super.updateItem(item, empty);
                                    setTooltip(
                                            empty || item == null
                                                    ? null
                                                    : new Tooltip(
                                                            PriorityColumns.summary(
                                                                    getTableView(), item)));
                                }
                            };
                    row.setOnMouseClicked(
                            e -> {
                                if (e.getButton() == MouseButton.PRIMARY
                                        && e.getClickCount() == 2
                                        && !row.isEmpty()) {
                                    viewModel.open(row.getItem());
                                    tabs.getSelectionModel().select(RunTabsPane.OPENED);
                                }
                            });
                    return row;
                });
        table.setPlaceholder(new Label("No runs"));
        return table;
    }

    /**
     * Keeps the selection across refreshes, which replace the rows: this listener is registered
     * before the table's own, so it can mark the table's clearing of the selection as not the
     * user's, and select the same runs again afterwards.
     */
    private void keepSelection() {
        viewModel
                .runs()
                .addListener(
                        (ListChangeListener<RunRow>)
                                c -> {
                                    restoring = true;
                                    Platform.runLater(this::reselect);
                                });
        table.getSelectionModel()
                .getSelectedItems()
                .addListener(
                        (ListChangeListener<RunRow>)
                                c -> {
                                    if (!restoring) {
                                        remembered = selectedDirs();
                                    }
                                });
    }

    private void reselect() {
        table.getSelectionModel().clearSelection();
        for (int i = 0; i < table.getItems().size(); i++) {
            if (remembered.contains(table.getItems().get(i).dir())) {
                table.getSelectionModel().select(i);
            }
        }
        restoring = false;
    }

    /** "job 12_1: pending (Resources)", "" for a run not submitted to Slurm. */
    static String slurmText(RunRow r) {
        if (r.job().isEmpty()) {
            return r.slurm();
        }
        return "job " + r.job() + ": " + r.slurm();
    }

    /**
     * The run name: the column the others give way to, and cut at its start if it must be, since
     * default names differ only in their time stamp at the end; the full name in a tooltip.
     */
    private static TableColumn<RunRow, String> nameColumn() {
        TableColumn<RunRow, String> c = column("Name", RunRow::name, 230);
        c.setId("runs-name-column");
        c.setMinWidth(200);
        c.setCellFactory(
                col ->
                        new javafx.scene.control.TableCell<>() {
                            {
                                setTextOverrun(javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS);
                            }

                            @Override
                            protected void updateItem(String name, boolean empty) {
                                super.updateItem(name, empty);
                                setText(empty ? null : name);
                                setTooltip(empty || name == null ? null : new Tooltip(name));
                            }
                        });
        return c;
    }

    static <T> TableColumn<T, String> column(
            String title, Function<T, String> value, double width) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private void openSelected() {
        RunRow row = table.getSelectionModel().getSelectedItem();
        if (row != null) {
            viewModel.open(row);
            tabs.getSelectionModel().select(RunTabsPane.OPENED);
        }
    }

    private void exportSelected() {
        List<RunRow> rows = List.copyOf(table.getSelectionModel().getSelectedItems());
        if (rows.size() > 1) {
            // one file per run, named after it, in a folder the user picks
            dialogs.chooseDirectory(window(), "Folder for the runs' CSV files", viewModel.folder())
                    .ifPresent(folder -> viewModel.exportCsv(rows, folder));
            return;
        }
        RunRow row = table.getSelectionModel().getSelectedItem();
        if (row == null) {
            return;
        }
        dialogs.chooseFileToSave(
                        window(),
                        "Export metrics as CSV",
                        row.dir(),
                        row.name() + "-metrics.csv",
                        "CSV (" + CSV_NOTE + ")",
                        List.of("*.csv"))
                .ifPresent(p -> viewModel.exportCsv(row, p));
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    /** Directories of the selected runs (for tests and reselection). */
    Set<Path> selectedDirs() {
        return table.getSelectionModel().getSelectedItems().stream()
                .map(RunRow::dir)
                .collect(Collectors.toSet());
    }
}
