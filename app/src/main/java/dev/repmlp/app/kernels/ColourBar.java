package dev.repmlp.app.kernels;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The legend of the shared colour scale: the blue-white-red gradient with its numeric ends and zero
 * below (ids {@code kernels-scale-min}, {@code kernels-scale-max}).
 */
final class ColourBar extends VBox {
    static final int WIDTH = 240;
    private static final int HEIGHT = 12;

    ColourBar(ReadOnlyDoubleProperty limit) {
        getStyleClass().add("colour-bar");
        int[] gradient = DivergingScale.symmetric(1).gradient(WIDTH);
        WritableImage image = new WritableImage(WIDTH, HEIGHT);
        for (int y = 0; y < HEIGHT; y++) {
            image.getPixelWriter()
                    .setPixels(
                            0, y, WIDTH, 1, PixelFormat.getIntArgbInstance(), gradient, 0, WIDTH);
        }
        ImageView bar = new ImageView(image);
        bar.getStyleClass().add("colour-bar-image");

        Label min = new Label();
        min.setId("kernels-scale-min");
        min.textProperty().bind(limit.map(v -> DivergingScale.format(-v.doubleValue())));
        Label zero = new Label("0");
        Label max = new Label();
        max.setId("kernels-scale-max");
        max.textProperty().bind(limit.map(v -> "+" + DivergingScale.format(v.doubleValue())));
        Region left = new Region();
        Region right = new Region();
        HBox.setHgrow(left, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        HBox labels = new HBox(min, left, zero, right, max);
        labels.getStyleClass().add("colour-bar-labels");
        labels.setMaxWidth(WIDTH);
        labels.setPrefWidth(WIDTH);
        getChildren().addAll(bar, labels);
        setMaxWidth(Region.USE_PREF_SIZE);
    }
}
