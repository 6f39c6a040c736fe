package dev.repmlp.app.evaluate;

import dev.repmlp.app.ui.Banner;
import dev.repmlp.app.ui.FileDialogs;
import dev.repmlp.app.ui.Layouts;
import dev.repmlp.app.ui.PageHeader;
import dev.repmlp.app.ui.ScreenshotHooks;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The evaluate page (node id {@code evaluate-view}): weights and an ImageFolder, Evaluate with
 * progress and Cancel, then the top-1/top-5/loss, the confusion matrix heatmap, the sortable
 * per-class table and the gallery of the clicked cell's or class's images, most confident first.
 */
public final class EvaluateView extends BorderPane {
    private final EvaluateViewModel viewModel;
    private final FileDialogs dialogs;
    private final ConfusionHeatmap heatmap;

    public EvaluateView(EvaluateViewModel viewModel, FileDialogs dialogs) {
        this.viewModel = viewModel;
        this.dialogs = dialogs;
        setId("evaluate-view");
        getStyleClass().add("page");
        heatmap = new ConfusionHeatmap(viewModel::selectCell, viewModel::selectClass);

        Banner error =
                new Banner(Banner.Kind.ERROR, viewModel.errorProperty(), viewModel::dismissError);
        error.setId("evaluate-error");
        Label summary = new Label();
        summary.setId("evaluate-summary");
        summary.getStyleClass().add("run-status");
        summary.textProperty().bind(viewModel.summaryProperty());
        VBox top =
                new VBox(
                        6,
                        new PageHeader(
                                "Evaluate",
                                "Where is the model wrong? Top-1/top-5 and loss, the confusion"
                                        + " matrix, per-class results and the images behind each"
                                        + " cell."),
                        buildInputs(),
                        buildActions(),
                        error,
                        summary);
        top.getStyleClass().add("page-top");
        setTop(top);

        SplitPane centre = new SplitPane(buildMatrixPane(), buildRightPane());
        centre.setDividerPositions(0.52);
        setCenter(centre);

        viewModel.matrixProperty().addListener((o, a, m) -> redraw());
        viewModel.rowNormalisedProperty().addListener((o, a, b) -> redraw());
        ScreenshotHooks.install(
                this,
                viewModel::showcase,
                Bindings.createBooleanBinding(
                        () ->
                                !viewModel.isBusy()
                                        && (!viewModel.getGallery().isEmpty()
                                                || !viewModel.hasDefaults()),
                        viewModel.busyProperty(),
                        viewModel.getGallery()));
    }

    /** The heatmap canvas (for tests: its cells' positions). */
    ConfusionHeatmap heatmap() {
        return heatmap;
    }

    private void redraw() {
        heatmap.show(viewModel.getMatrix(), viewModel.rowNormalisedProperty().get());
    }

    private VBox buildInputs() {
        Label weights = pathLabel("evaluate-weights", viewModel.weightsProperty(), "(no weights)");
        Button chooseWeights = new Button("Weights…");
        chooseWeights.setOnAction(
                e ->
                        dialogs.chooseFileToOpen(
                                        window(),
                                        "Weights to evaluate",
                                        null,
                                        "Weights",
                                        FileDialogs.WEIGHTS)
                                .ifPresent(viewModel.weightsProperty()::set));
        Button demoWeights = new Button("Demo model");
        demoWeights.setDisable(viewModel.defaultWeights() == null);
        demoWeights.setOnAction(e -> viewModel.weightsProperty().set(viewModel.defaultWeights()));
        Label data = pathLabel("evaluate-data", viewModel.dataProperty(), "(no ImageFolder)");
        Button chooseData = new Button("ImageFolder…");
        chooseData.setTooltip(new Tooltip("A folder of class folders, e.g. DATA/val"));
        chooseData.setOnAction(
                e ->
                        dialogs.chooseDirectory(window(), "ImageFolder to evaluate on", null)
                                .ifPresent(viewModel.dataProperty()::set));
        Button demoData = new Button("Demo val split");
        demoData.setDisable(viewModel.defaultData() == null);
        demoData.setOnAction(e -> viewModel.dataProperty().set(viewModel.defaultData()));
        HBox w = new HBox(8, new Label("Weights"), weights, chooseWeights, demoWeights);
        HBox d = new HBox(8, new Label("Images"), data, chooseData, demoData);
        w.setAlignment(Pos.CENTER_LEFT);
        d.setAlignment(Pos.CENTER_LEFT);
        return new VBox(4, w, d);
    }

    private static Label pathLabel(
            String id, javafx.beans.value.ObservableValue<Path> path, String none) {
        Label l = new Label();
        l.setId(id);
        l.setMinWidth(280);
        l.textProperty()
                .bind(Bindings.createStringBinding(() -> text(path.getValue(), none), path));
        return l;
    }

    private static String text(Path p, String none) {
        return p == null ? none : p.toString();
    }

    private HBox buildActions() {
        Button run = new Button("Evaluate");
        run.setId("evaluate-run");
        run.setDefaultButton(true);
        run.disableProperty().bind(viewModel.busyProperty());
        run.setOnAction(e -> viewModel.evaluate());
        Button cancel = new Button("Cancel");
        cancel.setId("evaluate-cancel");
        cancel.disableProperty().bind(viewModel.busyProperty().not());
        cancel.setOnAction(e -> viewModel.cancel());
        Button open = new Button("Open report…");
        open.setId("evaluate-open");
        open.setTooltip(
                new Tooltip(
                        "A folder written by `repmlp test --report` or a run's best-val/ folder"));
        open.setOnAction(
                e ->
                        dialogs.chooseDirectory(window(), "Evaluation report folder", null)
                                .ifPresent(viewModel::openReport));
        ProgressBar progress = new ProgressBar();
        progress.setId("evaluate-progress");
        progress.setPrefWidth(160);
        progress.progressProperty().bind(viewModel.progressProperty());
        progress.visibleProperty().bind(viewModel.busyProperty());
        Label status = new Label();
        status.textProperty().bind(viewModel.statusProperty());
        status.visibleProperty().bind(viewModel.busyProperty());
        HBox box = new HBox(8, run, cancel, open, progress, status);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private VBox buildMatrixPane() {
        CheckBox normalise = new CheckBox("Row-normalised");
        normalise.setId("evaluate-normalise");
        normalise.selectedProperty().bindBidirectional(viewModel.rowNormalisedProperty());
        Slider zoom = new Slider(0.5, 4, 1);
        zoom.setPrefWidth(100);
        zoom.setTooltip(new Tooltip("Zoom the matrix"));
        zoom.valueProperty().addListener((o, a, b) -> heatmap.setZoom(b.doubleValue()));
        Button png = new Button("PNG…");
        png.setId("evaluate-export-png");
        png.setOnAction(e -> exportPng());
        Button csv = new Button("CSV…");
        csv.setOnAction(
                e ->
                        save("confusion.csv", "CSV", List.of("*.csv"))
                                .ifPresent(viewModel::exportMatrixCsv));
        png.disableProperty().bind(viewModel.matrixProperty().isNull());
        csv.disableProperty().bind(viewModel.matrixProperty().isNull());
        png.setTooltip(new Tooltip("Save the matrix as a PNG image"));
        csv.setTooltip(new Tooltip("Save the counts as CSV (confusion.csv's format)"));
        Label title = new Label("Confusion matrix: rows true class, columns predicted");
        title.setMinWidth(Region.USE_PREF_SIZE);
        // wraps in a narrow window rather than cutting the buttons to "..."
        FlowPane tools = Layouts.wrappingRow(8, normalise, new Label("Zoom"), zoom, png, csv);
        VBox bar = new VBox(4, title, tools);
        ScrollPane scroll = new ScrollPane(heatmap);
        scroll.viewportBoundsProperty()
                .addListener(
                        (o, a, b) -> heatmap.setAvailable(Math.min(b.getWidth(), b.getHeight())));
        scroll.setPannable(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        VBox box = new VBox(6, bar, scroll);
        box.setPadding(new Insets(6));
        return box;
    }

    private SplitPane buildRightPane() {
        TableView<ClassRow> table = new TableView<>(viewModel.getClassRows());
        table.setId("evaluate-classes");
        TableColumn<ClassRow, String> name = new TableColumn<>("class");
        name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().name()));
        name.setPrefWidth(98);
        table.getColumns().add(name);
        table.getColumns().add(fraction("precision", ClassRow::precision));
        table.getColumns().add(fraction("recall", ClassRow::recall));
        table.getColumns().add(fraction("F1", ClassRow::f1));
        table.getColumns().add(fraction("top-5", ClassRow::top5));
        TableColumn<ClassRow, Long> support = new TableColumn<>("support");
        support.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().support()));
        table.getColumns().add(support);
        table.setOnMouseClicked(
                e -> {
                    ClassRow r = table.getSelectionModel().getSelectedItem();
                    if (r != null && e.getClickCount() == 2) {
                        viewModel.selectClass(r.index());
                    }
                });
        table.setTooltip(new Tooltip("Double-click a class to see its images"));
        Button csv = new Button("CSV…");
        csv.disableProperty().bind(viewModel.matrixProperty().isNull());
        csv.setOnAction(
                e ->
                        save("per_class.csv", "CSV", List.of("*.csv"))
                                .ifPresent(viewModel::exportPerClassCsv));
        HBox tableBar = new HBox(8, new Label("Per class"), spacer(), csv);
        tableBar.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox tableBox = new VBox(6, tableBar, table);
        tableBox.setPadding(new Insets(6));

        Label title = new Label();
        title.setId("evaluate-gallery-title");
        title.textProperty().bind(viewModel.galleryTitleProperty());
        ListView<GalleryItem> gallery = new ListView<>(viewModel.getGallery());
        gallery.setId("evaluate-gallery");
        gallery.setCellFactory(v -> new GalleryCell());
        VBox.setVgrow(gallery, Priority.ALWAYS);
        VBox galleryBox = new VBox(6, title, gallery);
        galleryBox.setPadding(new Insets(6));

        SplitPane right = new SplitPane(tableBox, galleryBox);
        right.setOrientation(Orientation.VERTICAL);
        return right;
    }

    private static TableColumn<ClassRow, Double> fraction(
            String title, Function<ClassRow, Double> value) {
        TableColumn<ClassRow, Double> col = new TableColumn<>(title);
        col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        col.setCellFactory(
                c ->
                        new TableCell<>() {
                            @Override
                            protected void updateItem(Double v, boolean empty) {
                                super.updateItem(v, empty);
                                setText(
                                        empty || v == null
                                                ? null
                                                : Double.isNaN(v)
                                                        ? "–"
                                                        : String.format(
                                                                Locale.ROOT, "%.1f%%", 100 * v));
                            }
                        });
        // "precision" needs more than the values ("100.0%") to be read whole
        col.setPrefWidth(title.length() > 6 ? 78 : 66);
        return col;
    }

    /** A gallery row: the thumbnail, true/predicted class and the top-5. */
    private static final class GalleryCell extends ListCell<GalleryItem> {
        private final ImageView thumb = new ImageView();

        GalleryCell() {
            thumb.setFitWidth(72);
            thumb.setFitHeight(72);
            thumb.setPreserveRatio(true);
            thumb.setSmooth(false);
        }

        @Override
        protected void updateItem(GalleryItem item, boolean empty) {
            super.updateItem(item, empty);
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            thumb.setImage(new Image(item.path().toUri().toString(), 72, 72, true, false, false));
            Label name = new Label(item.path().getFileName().toString());
            name.setStyle("-fx-font-weight: bold");
            Label what =
                    new Label(
                            String.format(
                                    Locale.ROOT,
                                    "true %s, predicted %s (%.1f%%)",
                                    item.trueClass(),
                                    item.predicted(),
                                    100 * item.probability()));
            Label top = new Label("top-5: " + item.topText().replace("\n", " · "));
            top.setWrapText(true);
            top.getStyleClass().add("muted");
            VBox text = new VBox(2, name, what, top);
            text.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(text, Priority.ALWAYS);
            HBox row = new HBox(10, thumb, text);
            row.setAlignment(Pos.CENTER_LEFT);
            row.setMaxWidth(Double.MAX_VALUE);
            row.prefWidthProperty().bind(getListView().widthProperty().subtract(30));
            setText(null);
            setGraphic(row);
        }
    }

    private void exportPng() {
        save("confusion.png", "PNG image", List.of("*.png"))
                .ifPresent(target -> viewModel.exportPng(heatmap.snapshot(null, null), target));
    }

    private java.util.Optional<Path> save(String name, String filter, List<String> patterns) {
        Path folder = viewModel.reportDirProperty().get();
        return dialogs.chooseFileToSave(window(), "Export", folder, name, filter, patterns);
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }
}
