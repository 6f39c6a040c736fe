package dev.repmlp.app.kernels;

import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

/**
 * One row of a heatmap as the h x w receptive kernel of its output position: what each input
 * position of the window contributes, with the output position outlined.
 */
final class ReceptiveKernel extends VBox {
    static final double SIDE = ReceptiveRows.ROW_PIXELS;

    /**
     * @param id node id of the image, e.g. {@code kernels-row-after}
     * @param title caption above the image
     * @param image the h x w image, null for none
     * @param row the selected row (y * w + x), -1 for none
     */
    ReceptiveKernel(
            String id,
            String title,
            ReadOnlyObjectProperty<Image> image,
            ReadOnlyIntegerProperty row,
            ReadOnlyIntegerProperty h,
            ReadOnlyIntegerProperty w) {
        getStyleClass().add("receptive");
        Label caption = new Label(title);
        caption.getStyleClass().add("heatmap-title");

        ImageView view = new ImageView();
        view.setId(id);
        view.imageProperty().bind(image);

        Rectangle outline = new Rectangle();
        outline.getStyleClass().add("receptive-outline");
        outline.setManaged(false);
        outline.setMouseTransparent(true);
        outline.visibleProperty().bind(image.isNotNull().and(row.greaterThanOrEqualTo(0)));
        Runnable place =
                () -> {
                    int width = Math.max(1, w.get());
                    int height = Math.max(1, h.get());
                    int r = Math.max(0, row.get());
                    Image shown = image.get();
                    double cw = (shown == null ? SIDE : shown.getWidth()) / width;
                    double ch = (shown == null ? SIDE : shown.getHeight()) / height;
                    outline.setX((r % width) * cw);
                    outline.setY((r / width) * ch);
                    outline.setWidth(cw);
                    outline.setHeight(ch);
                };
        row.addListener((obs, old, value) -> place.run());
        image.addListener((obs, old, value) -> place.run());
        h.addListener((obs, old, value) -> place.run());
        w.addListener((obs, old, value) -> place.run());
        place.run();

        Label none = new Label("\u2014");
        none.getStyleClass().add("heatmap-missing");
        none.setAlignment(Pos.CENTER);
        none.setPrefSize(SIDE, SIDE);
        none.visibleProperty().bind(image.isNull());

        Pane frame = new Pane(none, view, outline);
        frame.getStyleClass().add("heatmap-frame");
        frame.setMinSize(SIDE, SIDE);
        frame.setPrefSize(SIDE, SIDE);
        frame.setMaxSize(SIDE, SIDE);
        getChildren().addAll(caption, frame);
    }
}
