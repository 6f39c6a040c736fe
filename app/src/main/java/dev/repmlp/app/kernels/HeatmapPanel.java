package dev.repmlp.app.kernels;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One heatmap of the kernels page: title, the image (drawn at the square's size of {@code side}
 * pixels), a marker on the selected row, and the mouse gestures: hover reads a cell, the wheel
 * zooms, a drag pans and a click selects a row. Node id {@code kernels-heatmap-<kind>} on the
 * square.
 */
final class HeatmapPanel extends VBox {
    /** Zoom factor of one wheel notch. */
    static final double ZOOM_STEP = 1.25;

    private final KernelsViewModel viewModel;
    private final MatrixKind kind;
    private final ReadOnlyDoubleProperty side;
    private final Pane frame = new Pane();
    private Viewport dragStart;
    private double pressX;
    private double pressY;

    HeatmapPanel(MatrixKind kind, KernelsViewModel viewModel, ReadOnlyDoubleProperty side) {
        this.kind = kind;
        this.viewModel = viewModel;
        this.side = side;
        getStyleClass().add("heatmap");

        Label title = new Label(kind.title());
        title.getStyleClass().add("heatmap-title");
        Label subtitle = new Label(kind.subtitle());
        subtitle.getStyleClass().add("heatmap-subtitle");

        ImageView image = new ImageView();
        image.setId("kernels-image-" + kind.id());
        image.setSmooth(false);
        image.setPreserveRatio(false);
        image.fitWidthProperty().bind(side);
        image.fitHeightProperty().bind(side);
        image.imageProperty().bind(viewModel.drawing().imageProperty(kind));

        Region marker = new Region();
        marker.getStyleClass().add("row-marker");
        marker.setManaged(false);
        marker.setMouseTransparent(true);
        marker.resizeRelocate(0, 0, 1, 2);
        marker.prefWidthProperty().bind(side);
        marker.visibleProperty()
                .bind(
                        viewModel
                                .rows()
                                .rowMarkerProperty()
                                .greaterThanOrEqualTo(0)
                                .and(image.imageProperty().isNotNull()));
        Runnable placeMarker =
                () ->
                        marker.resizeRelocate(
                                0,
                                Math.round(viewModel.rows().rowMarkerProperty().get() * side.get())
                                        - 1,
                                side.get(),
                                2);
        viewModel.rows().rowMarkerProperty().addListener((obs, old, value) -> placeMarker.run());
        side.addListener((obs, old, value) -> placeMarker.run());

        Label missing = new Label("Not in a deploy-time file:\nonly the injected fc3 exists.");
        missing.getStyleClass().add("heatmap-missing");
        missing.setWrapText(true);
        missing.setAlignment(Pos.CENTER);
        missing.visibleProperty().bind(image.imageProperty().isNull());
        missing.prefWidthProperty().bind(side);
        missing.prefHeightProperty().bind(side);

        frame.setId("kernels-heatmap-" + kind.id());
        frame.getStyleClass().add("heatmap-frame");
        frame.getChildren().addAll(missing, image, marker);
        frame.minWidthProperty().bind(side);
        frame.prefWidthProperty().bind(side);
        frame.maxWidthProperty().bind(side);
        frame.minHeightProperty().bind(side);
        frame.prefHeightProperty().bind(side);
        frame.maxHeightProperty().bind(side);
        frame.setCursor(Cursor.CROSSHAIR);
        installGestures();

        getChildren().addAll(title, subtitle, frame);
    }

    private void installGestures() {
        frame.setOnMouseMoved(e -> viewModel.rows().hover(kind, fx(e.getX()), fy(e.getY())));
        frame.setOnMouseExited(e -> viewModel.rows().clearHover());
        frame.setOnScroll(
                e -> {
                    if (e.getDeltaY() != 0) {
                        double f = e.getDeltaY() > 0 ? ZOOM_STEP : 1 / ZOOM_STEP;
                        viewModel.drawing().zoom(f, fx(e.getX()), fy(e.getY()));
                    }
                    e.consume();
                });
        frame.setOnMousePressed(
                e -> {
                    dragStart = viewModel.drawing().getViewport();
                    pressX = e.getX();
                    pressY = e.getY();
                });
        frame.setOnMouseDragged(
                e -> {
                    frame.setCursor(Cursor.CLOSED_HAND);
                    viewModel
                            .drawing()
                            .drag(
                                    dragStart,
                                    (e.getX() - pressX) / side.get(),
                                    (e.getY() - pressY) / side.get());
                });
        frame.setOnMouseReleased(e -> frame.setCursor(Cursor.CROSSHAIR));
        frame.setOnMouseClicked(
                e -> {
                    if (e.getButton() == MouseButton.PRIMARY && e.isStillSincePress()) {
                        viewModel.rows().selectRowAt(fy(e.getY()));
                    }
                });
    }

    private double fx(double x) {
        return x / side.get();
    }

    private double fy(double y) {
        return y / side.get();
    }
}
