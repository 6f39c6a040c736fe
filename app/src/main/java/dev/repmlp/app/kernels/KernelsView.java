package dev.repmlp.app.kernels;

import dev.repmlp.app.ui.EmptyState;
import dev.repmlp.app.ui.Icons;
import dev.repmlp.app.ui.Layouts;
import dev.repmlp.app.ui.ModelBar;
import dev.repmlp.app.ui.PageHeader;
import dev.repmlp.app.ui.PageReadiness;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.stage.Window;

/**
 * The kernels page (node id {@code kernels-view}): fc3 of a RepMLP block before and after locality
 * injection, the locality matrix the conv branches add and the change, as four heatmaps on one
 * colour scale; hover to read a cell, scroll to zoom, drag to pan, click a row to see its receptive
 * kernel. Opens the bundled demo model when first shown.
 */
public final class KernelsView extends BorderPane {
    private static final double GAP = 14;
    private static final double MIN_SIDE = 120;
    private static final double MAX_SIDE = 420;

    private final KernelsViewModel viewModel;
    private final KernelsDialogs dialogs;
    private final ReadOnlyDoubleWrapper side = new ReadOnlyDoubleWrapper(this, "side", 224);
    private final VBox body = new VBox();

    public KernelsView(KernelsViewModel viewModel) {
        this(viewModel, KernelsDialogs.fx());
    }

    public KernelsView(KernelsViewModel viewModel, KernelsDialogs dialogs) {
        this.viewModel = viewModel;
        this.dialogs = dialogs;
        setId("kernels-view");
        getStyleClass().addAll("page", "kernels-page");

        VBox top =
                new VBox(
                        new PageHeader(
                                "Kernels",
                                "See the fc3 kernels of a RepMLP block before and after locality"
                                        + " injection folds the conv branches into them."),
                        buildSourceBar(),
                        buildSelectionBar(),
                        buildBanner());
        top.getStyleClass().add("kernels-top");
        setTop(top);

        EmptyState empty =
                new EmptyState(
                        Icons.KERNELS,
                        "No weights loaded",
                        "Load weights to explore fc3 before and after locality injection.");
        empty.visibleProperty().bind(viewModel.sliceShownProperty().not());
        empty.managedProperty().bind(empty.visibleProperty());

        buildBody();
        body.visibleProperty().bind(viewModel.sliceShownProperty());
        StackPane centre = new StackPane(body, empty);
        StackPane.setAlignment(body, Pos.TOP_LEFT);
        StackPane.setAlignment(empty, Pos.TOP_CENTER);
        centre.setMinSize(0, 0);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(centre.widthProperty());
        clip.heightProperty().bind(centre.heightProperty());
        centre.setClip(clip);
        centre.layoutBoundsProperty()
                .addListener(
                        (obs, old, bounds) -> fitPanels(bounds.getWidth(), bounds.getHeight()));
        viewModel
                .sliceShownProperty()
                .addListener((obs, old, shown) -> fitPanels(centre.getWidth(), centre.getHeight()));
        setCenter(centre);

        PageReadiness.declare(this, viewModel.readyProperty());
        viewModel.openDefaultIfEmpty();
    }

    private HBox buildSourceBar() {
        Button open = new Button("Open weights\u2026");
        open.setId("kernels-open");
        open.setTooltip(new Tooltip("A .pth or .safetensors file, train-time or deploy-time"));
        open.setOnAction(e -> dialogs.openWeights(window()).ifPresent(viewModel::open));
        Button run = new Button("Open run\u2026");
        run.setId("kernels-open-run");
        run.setTooltip(new Tooltip("A run folder: opens its " + KernelsViewModel.RUN_WEIGHTS));
        run.setOnAction(e -> dialogs.openRun(window()).ifPresent(viewModel::open));
        Button demo = new Button("Demo model");
        demo.setId("kernels-open-demo");
        demo.setTooltip(new Tooltip("The bundled RepMLPNet-Demo trained on Fashion-MNIST"));
        demo.setOnAction(e -> viewModel.openDefault());
        Button onnx = new Button("Export ONNX\u2026");
        onnx.setId("kernels-export-onnx");
        onnx.setTooltip(
                new Tooltip(
                        "Write the loaded model's deploy-time structure as ONNX (BatchNorms"
                                + " folded), checked with ONNX Runtime before it is kept"));
        onnx.disableProperty().bind(viewModel.sliceShownProperty().not());
        onnx.setOnAction(
                e ->
                        dialogs.saveOnnx(window(), viewModel.exports().suggestedOnnxName())
                                .ifPresent(viewModel.exports()::exportOnnx));

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId("kernels-busy");
        spinner.setPrefSize(18, 18);
        spinner.setMaxSize(18, 18);
        spinner.visibleProperty().bind(viewModel.busyProperty());

        Label source = new Label();
        source.setId("kernels-source");
        source.getStyleClass().add("kernels-source");
        source.textProperty().bind(viewModel.sourceTextProperty());
        Label message = new Label();
        message.setId("kernels-message");
        message.getStyleClass().add("kernels-message");
        message.textProperty().bind(viewModel.messageProperty());

        // the model's line wraps under the buttons rather than losing its end; full text also
        // in its tooltip
        source.setWrapText(true);
        source.setMinWidth(0);
        Tooltip sourceTip = new Tooltip();
        sourceTip.textProperty().bind(source.textProperty());
        source.setTooltip(sourceTip);
        HBox.setHgrow(source, Priority.ALWAYS);
        source.setMaxWidth(Double.MAX_VALUE);
        HBox bar =
                new HBox(
                        open,
                        run,
                        demo,
                        onnx,
                        new Separator(Orientation.VERTICAL),
                        source,
                        spinner,
                        message);
        bar.getStyleClass().add("kernels-bar");
        bar.setAlignment(Pos.CENTER_LEFT);
        // the buttons keep their labels; the model's line wraps
        ModelBar.keepWidth(open, run, demo, onnx);
        return bar;
    }

    private FlowPane buildSelectionBar() {
        ComboBox<Integer> stage =
                choice(
                        "kernels-stage",
                        viewModel.stages(),
                        viewModel.stageProperty(),
                        viewModel::stageLabel);
        ComboBox<Integer> block =
                choice(
                        "kernels-block",
                        viewModel.blocks(),
                        viewModel.blockProperty(),
                        i -> "Block " + i);
        ComboBox<Integer> shareset =
                choice(
                        "kernels-shareset",
                        viewModel.sharesets(),
                        viewModel.sharesetProperty(),
                        i -> "Shareset " + i + " of " + viewModel.sharesets().size());
        Button reset = new Button("Reset zoom");
        reset.setId("kernels-reset-zoom");
        reset.disableProperty()
                .bind(viewModel.drawing().viewportProperty().map(Viewport::isFull).orElse(true));
        reset.setOnAction(e -> viewModel.drawing().resetZoom());
        Button png = new Button("Export PNG\u2026");
        png.setId("kernels-export-png");
        png.disableProperty().bind(viewModel.sliceShownProperty().not());
        png.setOnAction(e -> exportPng());
        Button npy = new Button("Export .npy\u2026");
        npy.setId("kernels-export-npy");
        npy.disableProperty().bind(viewModel.sliceShownProperty().not());
        npy.setOnAction(e -> dialogs.npyFolder(window()).ifPresent(viewModel.exports()::exportNpy));

        // wraps onto a second line in a narrow window rather than cutting labels to "..."
        FlowPane bar =
                Layouts.wrappingRow(
                        8,
                        label("Stage", stage),
                        stage,
                        label("Block", block),
                        block,
                        label("Shareset", shareset),
                        shareset,
                        reset,
                        png,
                        npy);
        for (ComboBox<Integer> box : List.of(stage, block, shareset)) {
            box.setMinWidth(Region.USE_PREF_SIZE);
        }
        bar.getStyleClass().add("kernels-bar");
        bar.disableProperty().bind(viewModel.sliceShownProperty().not());
        return bar;
    }

    private static Label label(String text, Node target) {
        Label l = new Label(text);
        l.setLabelFor(target);
        l.getStyleClass().add("kernels-field");
        return l;
    }

    private static ComboBox<Integer> choice(
            String id,
            ObservableList<Integer> items,
            ObjectProperty<Integer> value,
            Function<Integer, String> text) {
        ComboBox<Integer> box = new ComboBox<>(items);
        box.setId(id);
        box.valueProperty().bindBidirectional(value);
        box.setCellFactory(list -> new TextCell(text));
        box.setButtonCell(new TextCell(text));
        box.setVisibleRowCount(12);
        return box;
    }

    private VBox buildBanner() {
        Label error = new Label();
        error.setId("kernels-error");
        error.getStyleClass().add("kernels-error");
        error.setWrapText(true);
        error.textProperty().bind(viewModel.errorProperty());
        Button config = new Button("Choose JSON config\u2026");
        config.setId("kernels-choose-config");
        config.visibleProperty().bind(viewModel.needsConfigProperty());
        config.managedProperty().bind(config.visibleProperty());
        config.setOnAction(e -> dialogs.openConfig(window()).ifPresent(viewModel::openWithConfig));
        HBox row = new HBox(error, config);
        row.setAlignment(Pos.CENTER_LEFT);
        row.setSpacing(10);
        HBox.setHgrow(error, Priority.ALWAYS);
        VBox banner = new VBox(row);
        banner.getStyleClass().add("kernels-banner");
        banner.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());
        return banner;
    }

    private void buildBody() {
        Label block = new Label();
        block.setId("kernels-block-text");
        block.getStyleClass().add("kernels-block-text");
        block.textProperty().bind(viewModel.blockTextProperty());

        Map<MatrixKind, HeatmapPanel> panels = new EnumMap<>(MatrixKind.class);
        HBox heatmaps = new HBox(GAP);
        heatmaps.setId("kernels-heatmaps");
        for (MatrixKind kind : MatrixKind.values()) {
            HeatmapPanel panel = new HeatmapPanel(kind, viewModel, side.getReadOnlyProperty());
            panels.put(kind, panel);
            heatmaps.getChildren().add(panel);
        }

        Label resolution = new Label();
        resolution.setId("kernels-resolution");
        resolution.getStyleClass().add("kernels-muted");
        resolution.textProperty().bind(viewModel.drawing().resolutionTextProperty());
        ColourBar colourBar = new ColourBar(viewModel.drawing().scaleLimitProperty());
        colourBar.setId("kernels-colour-bar");
        Label hover = new Label();
        hover.setId("kernels-hover");
        hover.getStyleClass().add("kernels-hover");
        hover.textProperty().bind(viewModel.rows().hoverTextProperty());
        hover.setMaxWidth(Double.MAX_VALUE);
        // the value is at the end of the line: wrap rather than cut it off, and repeat it in a
        // tooltip
        hover.setWrapText(true);
        hover.setMinHeight(Region.USE_PREF_SIZE);
        Tooltip hoverTip = new Tooltip();
        hoverTip.textProperty().bind(viewModel.rows().hoverTextProperty());
        hover.setTooltip(hoverTip);
        VBox readout = new VBox(4, hover, resolution);
        HBox.setHgrow(readout, Priority.ALWAYS);
        HBox legend = new HBox(GAP, colourBar, readout);
        legend.setAlignment(Pos.TOP_LEFT);

        ReceptiveKernel before =
                new ReceptiveKernel(
                        "kernels-row-before",
                        "Row before",
                        viewModel.rows().rowBeforeProperty(),
                        viewModel.rows().selectedRowProperty(),
                        viewModel.rows().windowHProperty(),
                        viewModel.rows().windowWProperty());
        ReceptiveKernel after =
                new ReceptiveKernel(
                        "kernels-row-after",
                        "Row after",
                        viewModel.rows().rowAfterProperty(),
                        viewModel.rows().selectedRowProperty(),
                        viewModel.rows().windowHProperty(),
                        viewModel.rows().windowWProperty());
        Label rowText = new Label();
        rowText.setId("kernels-row-text");
        rowText.setWrapText(true);
        rowText.textProperty().bind(viewModel.rows().rowTextProperty());
        Label eqTitle = new Label("Equivalence of this block");
        eqTitle.getStyleClass().add("heatmap-title");
        Label eq = new Label();
        eq.setId("kernels-equivalence");
        eq.setWrapText(true);
        eq.textProperty().bind(viewModel.equivalence().textProperty());
        Label rowTitle = new Label("Receptive kernel");
        rowTitle.getStyleClass().add("heatmap-title");
        VBox notes = new VBox(6, rowTitle, rowText, eqTitle, eq);
        notes.getStyleClass().add("kernels-notes");
        VBox.setMargin(eqTitle, new Insets(8, 0, 0, 0));
        HBox.setHgrow(notes, Priority.ALWAYS);
        HBox details = new HBox(GAP, before, after, notes);
        details.setId("kernels-details");

        body.getChildren().addAll(block, heatmaps, legend, details);
        body.getStyleClass().add("kernels-body");
        body.setSpacing(10);
        body.setPadding(new Insets(12, 0, 4, 0));
    }

    /**
     * Sizes the four squares to share the width and fit the height with everything else below them;
     * tells the view-model the new pixel size.
     */
    private void fitPanels(double width, double height) {
        if (width <= 0 || height <= 0) {
            return;
        }
        double others = body.prefHeight(width) - side.get();
        double s = Math.floor(Math.min((width - 3 * GAP - 2) / 4, height - others - 2));
        s = Math.max(MIN_SIDE, Math.min(MAX_SIDE, s));
        if (s != side.get()) {
            side.set(s);
        }
        viewModel.drawing().setPanelPixels((int) s);
    }

    private void exportPng() {
        String name = "kernels.png";
        Optional<Path> file = dialogs.savePng(window(), name);
        if (file.isPresent()) {
            SnapshotParameters params = new SnapshotParameters();
            params.setFill(Color.WHITE);
            WritableImage image = body.snapshot(params, null);
            viewModel.exports().exportPng(image, file.get());
        }
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    /** Shows the item through {@code text}. */
    private static final class TextCell extends ListCell<Integer> {
        private final Function<Integer, String> text;

        TextCell(Function<Integer, String> text) {
            this.text = text;
        }

        @Override
        protected void updateItem(Integer item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : text.apply(item));
        }
    }
}
