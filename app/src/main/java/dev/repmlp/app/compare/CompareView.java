package dev.repmlp.app.compare;

import dev.repmlp.app.ui.Banner;
import dev.repmlp.app.ui.EmptyState;
import dev.repmlp.app.ui.FileDialogs;
import dev.repmlp.app.ui.FileDrops;
import dev.repmlp.app.ui.Icons;
import dev.repmlp.app.ui.ModelBar;
import dev.repmlp.app.ui.PageHeader;
import dev.repmlp.app.ui.ScreenshotHooks;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.stage.Window;

/**
 * The compare page (node id {@code compare-view}): the train-time model and its deploy-time twin
 * side by side on the same images, with the agreement over all of them.
 */
public final class CompareView extends BorderPane {
    private static final PseudoClass AGREE = PseudoClass.getPseudoClass("agree");
    private static final int SHOWCASE_IMAGES = 6;

    private final CompareViewModel viewModel;
    private final FileDialogs dialogs;

    public CompareView(CompareViewModel viewModel) {
        this(viewModel, FileDialogs.system());
    }

    /** With {@code dialogs} answering the file and folder choosers. */
    public CompareView(CompareViewModel viewModel, FileDialogs dialogs) {
        this.dialogs = dialogs;
        this.viewModel = viewModel;
        setId("compare-view");
        getStyleClass().add("page");

        Banner error =
                new Banner(Banner.Kind.ERROR, viewModel.errorProperty(), viewModel::dismissError);
        error.setId("compare-error");
        Banner warning = new Banner(Banner.Kind.WARNING, viewModel.warningProperty(), null);
        warning.setId("compare-warning");
        VBox top =
                new VBox(
                        new PageHeader(
                                "Compare",
                                "Check that the re-parameterised deploy-time model gives the same"
                                        + " logits as the train-time model, and how fast each runs."),
                        buildModelBar(),
                        buildDeployBar(),
                        buildActions(),
                        error,
                        buildNotice(),
                        buildSummary(),
                        warning);
        top.getStyleClass().add("page-top");
        setTop(top);
        setCenter(buildTable());

        ScreenshotHooks.install(
                this, () -> viewModel.showcase(SHOWCASE_IMAGES), viewModel.busyProperty().not());
        viewModel.loadDefaultModelIfNone();
    }

    private HBox buildModelBar() {
        return ModelBar.create(
                "compare",
                viewModel.modelNameProperty(),
                viewModel.modelDetailProperty(),
                viewModel.modelPathProperty(),
                "Load train-time RepMLPNet weights; the deploy-time model is built from" + " them",
                viewModel.defaultWeights().isPresent(),
                this::chooseWeights,
                viewModel::loadDefaultModel);
    }

    /** The deploy side (injected twin or an .onnx file), its report, and ONNX export. */
    private VBox buildDeployBar() {
        Label side = new Label();
        side.setId("compare-deploy-side");
        side.getStyleClass().add("model-detail");
        side.textProperty().bind(viewModel.deploySideProperty());
        Label report = new Label();
        report.setId("compare-deploy-report");
        report.getStyleClass().add("model-detail");
        report.setWrapText(true);
        report.textProperty().bind(viewModel.deployReportProperty());
        VBox text = new VBox(2, side, report);
        HBox.setHgrow(text, Priority.ALWAYS);

        Button useOnnx = new Button("Use ONNX file…");
        useOnnx.setId("compare-load-onnx");
        useOnnx.setTooltip(
                new Tooltip(
                        "Run the deploy side from an exported .onnx file with ONNX Runtime and"
                                + " compare it with the train-time model"));
        useOnnx.disableProperty().bind(viewModel.modelLoadedProperty().not());
        useOnnx.setOnAction(event -> chooseOnnx());
        Button export = new Button("Export ONNX…");
        export.setId("compare-export-onnx");
        export.setTooltip(
                new Tooltip(
                        "Write the deploy-time model as ONNX (BatchNorms folded), checked with ONNX"
                                + " Runtime before it is kept"));
        export.disableProperty().bind(viewModel.modelLoadedProperty().not());
        export.setOnAction(event -> chooseExportTarget());
        HBox bar = new HBox(10, text, useOnnx, export);
        bar.setAlignment(Pos.CENTER_LEFT);
        ModelBar.keepWidth(useOnnx, export);
        VBox box = new VBox(bar);
        box.getStyleClass().add("model-bar");
        return box;
    }

    private Label buildNotice() {
        Label notice = new Label();
        notice.setId("compare-notice");
        notice.getStyleClass().add("agreement-detail");
        notice.setWrapText(true);
        notice.textProperty().bind(viewModel.noticeProperty());
        notice.visibleProperty().bind(viewModel.noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        return notice;
    }

    private void chooseOnnx() {
        dialogs.chooseFileToOpen(
                        window(),
                        "Run the deploy side from an ONNX file",
                        viewModel.defaultWeights().map(Path::getParent).orElse(null),
                        "ONNX models",
                        List.of("*.onnx"))
                .ifPresent(viewModel::loadOnnxDeploy);
    }

    private void chooseExportTarget() {
        String path = viewModel.modelPathProperty().get();
        Path weights = path == null || path.isEmpty() ? null : Path.of(path);
        String name = viewModel.suggestedOnnxName();
        dialogs.chooseFileToSave(
                        window(),
                        "Export the deploy-time model to ONNX",
                        weights == null ? null : weights.toAbsolutePath().getParent(),
                        name,
                        "ONNX models",
                        List.of("*.onnx"))
                .ifPresent(viewModel::exportOnnx);
    }

    private HBox buildActions() {
        Button open = new Button("Open images…");
        open.setId("compare-open");
        open.setDefaultButton(true);
        open.setOnAction(event -> chooseImages());
        Button folder = new Button("Open folder…");
        folder.setId("compare-open-folder");
        folder.setOnAction(event -> chooseFolder());
        Button samples = new Button("Sample folder");
        samples.setId("compare-samples");
        samples.setTooltip(new Tooltip("Compare on the 20 bundled Fashion-MNIST samples"));
        samples.setDisable(viewModel.sampleFolder().isEmpty());
        samples.setOnAction(
                event -> viewModel.sampleFolder().ifPresent(f -> viewModel.compare(List.of(f))));
        Button clear = new Button("Clear");
        clear.disableProperty().bind(viewModel.emptyProperty());
        clear.setOnAction(event -> viewModel.clear());

        Label status = new Label();
        status.setId("compare-status");
        status.getStyleClass().add("run-status");
        status.textProperty().bind(viewModel.statusProperty());
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(140);
        progress.progressProperty().bind(viewModel.progressProperty());
        progress.visibleProperty().bind(viewModel.busyProperty());
        progress.managedProperty().bind(progress.visibleProperty());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, open, folder, samples, clear, spacer, status, progress);
        bar.setAlignment(Pos.CENTER_LEFT);
        ModelBar.keepWidth(open, folder, samples, clear);
        bar.getStyleClass().add("action-bar");
        return bar;
    }

    private VBox buildSummary() {
        Label summary = new Label();
        summary.setId("compare-summary");
        summary.getStyleClass().add("agreement-text");
        summary.textProperty().bind(viewModel.summaryProperty());
        Label detail = new Label();
        detail.setId("compare-summary-detail");
        detail.getStyleClass().add("agreement-detail");
        detail.textProperty().bind(viewModel.summaryDetailProperty());
        VBox box = new VBox(2, summary, detail);
        box.getStyleClass().add("agreement");
        box.visibleProperty().bind(viewModel.summaryProperty().isNotEmpty());
        box.managedProperty().bind(box.visibleProperty());
        viewModel
                .allAgreeProperty()
                .addListener((obs, was, agree) -> box.pseudoClassStateChanged(AGREE, agree));
        return box;
    }

    private StackPane buildTable() {
        TableView<ComparedImage> table = new TableView<>(viewModel.getResults());
        table.setId("compare-results");
        table.getStyleClass().add("compare-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(""));
        table.getColumns()
                .setAll(
                        List.of(
                                column(
                                        "Image",
                                        "compare-col-image",
                                        150,
                                        CompareCells.ImageCell::new),
                                column(
                                        "Train-time (fc3 + conv branches)",
                                        "compare-col-train",
                                        320,
                                        () ->
                                                new CompareCells.ModelCell(
                                                        ComparedImage::train,
                                                        ComparedImage::trainTime,
                                                        true)),
                                deployColumn(),
                                column(
                                        "max |Δlogit|",
                                        "compare-col-diff",
                                        125,
                                        CompareCells.DiffCell::new)));
        // at 900 px the columns give way down to what keeps their text whole (a sample's name,
        // "same top-1", the percentages); the model columns first, as their bars can be shorter
        double[] minWidths = {160, 250, 250, 120};
        for (int i = 0; i < minWidths.length; i++) {
            table.getColumns().get(i).setMinWidth(minWidths[i]);
        }

        EmptyState empty =
                new EmptyState(
                        Icons.COMPARE,
                        "Drop images here",
                        "Drop image files or a folder, open them, or compare on the bundled"
                                + " sample folder.");
        empty.visibleProperty()
                .bind(Bindings.and(viewModel.emptyProperty(), viewModel.busyProperty().not()));
        empty.setMouseTransparent(true);

        StackPane center = new StackPane(table, empty);
        // the table takes what the header and bars leave (at 900x600 the hidden empty state's
        // height pushed the status bar off the window); clipped so nothing draws over it
        center.setMinSize(0, 0);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(center.widthProperty());
        clip.heightProperty().bind(center.heightProperty());
        center.setClip(clip);
        center.setId("compare-drop");
        center.getStyleClass().add("drop-target");
        FileDrops.install(center, viewModel::compare);
        return center;
    }

    private TableColumn<ComparedImage, ComparedImage> deployColumn() {
        TableColumn<ComparedImage, ComparedImage> c =
                column(
                        "Deploy-time (locality-injected fc3)",
                        "compare-col-deploy",
                        320,
                        () ->
                                new CompareCells.ModelCell(
                                        ComparedImage::deploy, ComparedImage::deployTime, false));
        c.textProperty()
                .bind(
                        Bindings.when(
                                        viewModel
                                                .deploySideProperty()
                                                .isEqualTo(CompareViewModel.INJECTED_SIDE))
                                .then("Deploy-time (locality-injected fc3)")
                                .otherwise("Deploy-time (ONNX Runtime)"));
        return c;
    }

    private static TableColumn<ComparedImage, ComparedImage> column(
            String title,
            String id,
            double width,
            Supplier<TableCell<ComparedImage, ComparedImage>> cells) {
        TableColumn<ComparedImage, ComparedImage> c = new TableColumn<>(title);
        c.setId(id);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setReorderable(false);
        c.setCellValueFactory(data -> new ReadOnlyObjectWrapper<>(data.getValue()));
        c.setCellFactory(col -> cells.get());
        return c;
    }

    private void chooseImages() {
        List<Path> files =
                dialogs.chooseFilesToOpen(
                        window(),
                        "Compare on images",
                        viewModel.samplesFolder().orElse(null),
                        "Images",
                        FileDialogs.IMAGES);
        if (!files.isEmpty()) {
            viewModel.compare(files);
        }
    }

    private void chooseFolder() {
        dialogs.chooseDirectory(
                        window(),
                        "Compare on the images in a folder",
                        viewModel.samplesFolder().orElse(null))
                .ifPresent(dir -> viewModel.compare(List.of(dir)));
    }

    private void chooseWeights() {
        dialogs.chooseFileToOpen(
                        window(),
                        "Load train-time weights",
                        viewModel.defaultWeights().orElse(null),
                        "RepMLPNet weights",
                        FileDialogs.WEIGHTS)
                .ifPresent(viewModel::loadModel);
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }
}
