package dev.repmlp.app.classify;

import dev.repmlp.app.ui.Banner;
import dev.repmlp.app.ui.EmptyState;
import dev.repmlp.app.ui.FileDialogs;
import dev.repmlp.app.ui.FileDrops;
import dev.repmlp.app.ui.Icons;
import dev.repmlp.app.ui.ModelBar;
import dev.repmlp.app.ui.PageHeader;
import dev.repmlp.app.ui.ScreenshotHooks;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The classify page (node id {@code classify-view}): the weights in use with a button to load
 * others, ways to bring images (drop, open, paste, the bundled samples) and one row per image with
 * the network's input and its top-k classes.
 */
public final class ClassifyView extends BorderPane {
    private static final KeyCombination PASTE =
            new KeyCodeCombination(KeyCode.V, KeyCombination.SHORTCUT_DOWN);
    private static final double THUMB = 40;
    private static final int SHOWCASE_IMAGES = 6;

    private final ClassifyViewModel viewModel;
    private final FileDialogs dialogs;

    public ClassifyView(ClassifyViewModel viewModel) {
        this(viewModel, FileDialogs.system());
    }

    /** With {@code dialogs} answering the file and folder choosers. */
    public ClassifyView(ClassifyViewModel viewModel, FileDialogs dialogs) {
        this.dialogs = dialogs;
        this.viewModel = viewModel;
        setId("classify-view");
        getStyleClass().add("page");

        VBox top =
                new VBox(
                        new PageHeader(
                                "Classify",
                                "Run a trained model on images and see its top-5 classes with"
                                        + " their probabilities, next to what the network sees."),
                        buildModelBar(),
                        buildActions(),
                        buildNotice(),
                        buildSamples(),
                        new Banner(
                                Banner.Kind.ERROR,
                                viewModel.errorProperty(),
                                viewModel::dismissError));
        top.getChildren().get(top.getChildren().size() - 1).setId("classify-error");
        top.getStyleClass().add("page-top");
        setTop(top);
        setCenter(buildResults());

        addEventFilter(
                KeyEvent.KEY_PRESSED,
                event -> {
                    if (PASTE.match(event)) {
                        paste();
                        event.consume();
                    }
                });

        // the screenshot tour shows the page with the demo model on a few samples
        ScreenshotHooks.install(
                this, () -> viewModel.showcase(SHOWCASE_IMAGES), viewModel.busyProperty().not());

        viewModel.loadDefaultModelIfNone();
    }

    private HBox buildModelBar() {
        return ModelBar.create(
                "classify",
                viewModel.modelNameProperty(),
                viewModel.modelDetailProperty(),
                viewModel.modelPathProperty(),
                "Load RepMLPNet weights (.pth or .safetensors, either structure)",
                viewModel.defaultWeights().isPresent(),
                this::chooseWeights,
                viewModel::loadDefaultModel);
    }

    private HBox buildActions() {
        Button open = new Button("Open images…");
        open.setId("classify-open");
        open.setDefaultButton(true);
        open.setOnAction(event -> chooseImages());
        Button paste = new Button("Paste");
        paste.setId("classify-paste");
        paste.setTooltip(
                new Tooltip("Classify the image or image files on the clipboard (Ctrl+V)"));
        paste.setOnAction(event -> paste());
        Button clear = new Button("Clear");
        clear.setId("classify-clear");
        clear.disableProperty().bind(viewModel.emptyProperty());
        clear.setOnAction(event -> viewModel.clear());

        Label summary = new Label();
        summary.setId("classify-summary");
        summary.getStyleClass().add("run-summary");
        summary.textProperty().bind(viewModel.summaryProperty());
        Label status = new Label();
        status.setId("classify-status");
        status.getStyleClass().add("run-status");
        status.textProperty().bind(viewModel.statusProperty());
        ProgressBar progress = new ProgressBar();
        progress.setPrefWidth(140);
        progress.progressProperty().bind(viewModel.progressProperty());
        progress.visibleProperty().bind(viewModel.busyProperty());
        progress.managedProperty().bind(progress.visibleProperty());
        summary.visibleProperty().bind(viewModel.busyProperty().not());
        summary.managedProperty().bind(summary.visibleProperty());

        Button export = new Button("Export ONNX…");
        export.setId("classify-export-onnx");
        export.setTooltip(
                new Tooltip(
                        "Write the loaded model's deploy-time structure as ONNX (BatchNorms"
                                + " folded), checked with ONNX Runtime before it is kept"));
        export.disableProperty().bind(viewModel.modelLoadedProperty().not());
        export.setOnAction(event -> chooseExportTarget());

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(10, open, paste, clear, export, spacer, status, progress, summary);
        bar.setAlignment(Pos.CENTER_LEFT);
        ModelBar.keepWidth(open, paste, clear, export, summary);
        bar.getStyleClass().add("action-bar");
        return bar;
    }

    private HBox buildSamples() {
        Label title = new Label("Samples");
        title.getStyleClass().add("samples-title");
        HBox thumbs = new HBox(6);
        thumbs.setAlignment(Pos.CENTER_LEFT);
        List<Path> samples = viewModel.samples();
        for (Path sample : samples) {
            ImageView view =
                    new ImageView(
                            new Image(sample.toUri().toString(), THUMB, THUMB, true, true, true));
            Button b = new Button(null, view);
            b.getStyleClass().add("sample-thumb");
            b.setTooltip(new Tooltip(String.valueOf(sample.getFileName())));
            b.setOnAction(event -> viewModel.classify(List.of(sample)));
            thumbs.getChildren().add(b);
        }
        thumbs.setPadding(new Insets(2, 0, 2, 0));
        ScrollPane strip = new ScrollPane(thumbs);
        strip.getStyleClass().add("samples-strip");
        // room for the thumbnails and the horizontal scroll bar under them
        strip.setMinHeight(THUMB + 28);
        strip.setPrefHeight(THUMB + 28);
        strip.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        strip.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        HBox.setHgrow(strip, Priority.ALWAYS);

        Button all = new Button("All samples");
        all.setId("classify-all-samples");
        all.setTooltip(new Tooltip("Classify every bundled sample image"));
        all.setDisable(samples.isEmpty());
        all.setOnAction(event -> viewModel.classify(samples));
        Button browse = new Button("Browse…");
        browse.setTooltip(new Tooltip("Pick images in sample-images/"));
        browse.setDisable(viewModel.samplesFolder().isEmpty());
        browse.setOnAction(event -> chooseImages());

        HBox row = new HBox(10, title, strip, all, browse);
        row.setAlignment(Pos.CENTER_LEFT);
        ModelBar.keepWidth(title, all, browse);
        row.getStyleClass().add("samples-bar");
        row.setVisible(!samples.isEmpty());
        row.setManaged(!samples.isEmpty());
        return row;
    }

    private StackPane buildResults() {
        ListView<ClassifiedImage> list = new ListView<>(viewModel.getResults());
        list.setId("classify-results");
        list.getStyleClass().add("results-list");
        list.setCellFactory(view -> new ClassifiedImageCell());
        list.setPlaceholder(new Label(""));

        EmptyState empty =
                new EmptyState(
                        Icons.CLASSIFY,
                        "Drop images here",
                        "Drop image files or a folder, open them, paste one (Ctrl+V) or click a"
                                + " sample above.");
        empty.visibleProperty()
                .bind(Bindings.and(viewModel.emptyProperty(), viewModel.busyProperty().not()));
        empty.setMouseTransparent(true);

        StackPane center = new StackPane(list, empty);
        center.setId("classify-drop");
        center.getStyleClass().add("drop-target");
        StackPane.setAlignment(empty, Pos.CENTER);
        FileDrops.install(center, viewModel::classify);
        return center;
    }

    private void chooseImages() {
        List<Path> files =
                dialogs.chooseFilesToOpen(
                        window(),
                        "Classify images",
                        viewModel.samplesFolder().orElse(null),
                        "Images",
                        FileDialogs.IMAGES);
        if (!files.isEmpty()) {
            viewModel.classify(files);
        }
    }

    private Label buildNotice() {
        Label notice = new Label();
        notice.setId("classify-notice");
        notice.getStyleClass().add("agreement-detail");
        notice.setWrapText(true);
        notice.textProperty().bind(viewModel.noticeProperty());
        notice.visibleProperty().bind(viewModel.noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        return notice;
    }

    private void chooseExportTarget() {
        String path = viewModel.modelPathProperty().get();
        Path weights = path == null || path.isEmpty() ? null : Path.of(path);
        dialogs.chooseFileToSave(
                        window(),
                        "Export the deploy-time model to ONNX",
                        weights == null ? null : weights.toAbsolutePath().getParent(),
                        viewModel.suggestedOnnxName(),
                        "ONNX models",
                        List.of("*.onnx"))
                .ifPresent(viewModel::exportOnnx);
    }

    private void chooseWeights() {
        dialogs.chooseFileToOpen(
                        window(),
                        "Load weights",
                        viewModel.defaultWeights().orElse(null),
                        "RepMLPNet weights",
                        FileDialogs.WEIGHTS)
                .ifPresent(viewModel::loadModel);
    }

    private void paste() {
        Clipboard clipboard = Clipboard.getSystemClipboard();
        if (clipboard.hasFiles() && !clipboard.getFiles().isEmpty()) {
            viewModel.classify(clipboard.getFiles().stream().map(File::toPath).toList());
        } else if (clipboard.hasImage() && clipboard.getImage() != null) {
            viewModel.classifyImage(ClassifyViewModel.PASTED, clipboard.getImage());
        } else {
            viewModel.nothingToPaste();
        }
    }

    /** Keeps labels and buttons whole; the stretchy parts of a row give way instead. */
    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }
}
