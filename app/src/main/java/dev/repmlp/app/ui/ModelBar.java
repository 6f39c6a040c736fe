package dev.repmlp.app.ui;

import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The bar at the top of an inference page: the loaded model's name (its file as tooltip) and detail
 * line, a "Demo model" and a "Load weights…" button. Node ids start with the page's prefix ({@code
 * <prefix>-model-name}, {@code -model-detail}, {@code -demo-model}, {@code -load-weights}).
 */
public final class ModelBar {
    private ModelBar() {}

    /** Builds the bar; the texts are bound to the given values. */
    public static HBox create(
            String idPrefix,
            ObservableStringValue modelName,
            ObservableStringValue modelDetail,
            ObservableStringValue modelPath,
            String loadTooltip,
            boolean demoAvailable,
            Runnable onLoad,
            Runnable onDemo) {
        Label name = new Label();
        name.setId(idPrefix + "-model-name");
        name.getStyleClass().add("model-name");
        name.textProperty().bind(modelName);
        Label detail = new Label();
        detail.setId(idPrefix + "-model-detail");
        detail.getStyleClass().add("model-detail");
        detail.textProperty().bind(modelDetail);
        // wraps in a narrow window rather than losing its end ("class names from ...")
        detail.setWrapText(true);
        Tooltip full = new Tooltip();
        full.textProperty().bind(modelDetail);
        detail.setTooltip(full);
        Tooltip path = new Tooltip();
        path.textProperty().bind(modelPath);
        name.setTooltip(path);
        VBox text = new VBox(2, name, detail);
        HBox.setHgrow(text, Priority.ALWAYS);

        Button load = new Button("Load weights…");
        load.setId(idPrefix + "-load-weights");
        load.setTooltip(new Tooltip(loadTooltip));
        load.setOnAction(event -> onLoad.run());
        Button demo = new Button("Demo model");
        demo.setId(idPrefix + "-demo-model");
        demo.setTooltip(new Tooltip("Load the bundled RepMLPNet-Demo (Fashion-MNIST) again"));
        demo.setDisable(!demoAvailable);
        demo.setOnAction(event -> onDemo.run());

        HBox bar = new HBox(10, text, demo, load);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("model-bar");
        keepWidth(demo, load);
        return bar;
    }

    /** Keeps buttons at their preferred width when the page gets narrow. */
    public static void keepWidth(Region... regions) {
        for (Region r : regions) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
    }
}
