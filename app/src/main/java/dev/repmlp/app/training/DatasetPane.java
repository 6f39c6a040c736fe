package dev.repmlp.app.training;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * What the chosen dataset holds: a summary line, a strip of sample images, images per class and
 * split, and the files that do not decode.
 */
final class DatasetPane extends VBox {
    static final double THUMB = 44;

    private final HBox thumbs = new HBox();

    DatasetPane(DatasetViewModel dataset) {
        getStyleClass().add("dataset-pane");

        Label summary = new Label();
        summary.setId("dataset-summary");
        summary.getStyleClass().add("muted");
        summary.setWrapText(true);
        summary.textProperty().bind(dataset.summaryProperty());

        thumbs.setId("dataset-samples");
        thumbs.getStyleClass().add("thumbs");
        thumbs.setAlignment(Pos.CENTER_LEFT);
        ScrollPane strip = new ScrollPane(thumbs);
        strip.getStyleClass().add("thumb-strip");
        strip.setFitToHeight(true);
        strip.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        strip.setPrefViewportHeight(THUMB + 4);
        strip.visibleProperty().bind(Bindings.isNotEmpty(dataset.samples()));
        strip.managedProperty().bind(strip.visibleProperty());
        dataset.samples()
                .addListener((ListChangeListener<Path>) c -> showSamples(dataset.samples()));
        showSamples(dataset.samples());

        TableView<DatasetViewModel.ClassCount> table = new TableView<>(dataset.classes());
        table.setId("dataset-classes");
        table.getStyleClass().add("class-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("class", DatasetViewModel.ClassCount::name, 150));
        table.getColumns().add(column("train", DatasetViewModel.ClassCount::train, 60));
        table.getColumns().add(column("val", DatasetViewModel.ClassCount::val, 60));
        table.setPrefHeight(128);
        table.setMinHeight(90);
        table.setPlaceholder(new Label("No classes found"));
        table.visibleProperty().bind(Bindings.isNotEmpty(dataset.classes()));
        table.managedProperty().bind(table.visibleProperty());

        Label badTitle = new Label("Unreadable files (training skips them)");
        badTitle.getStyleClass().add("warning-text");
        ListView<String> bad = new ListView<>(dataset.unreadable());
        bad.setId("dataset-unreadable");
        bad.setPrefHeight(72);
        VBox unreadable = new VBox(4, badTitle, bad);
        unreadable.visibleProperty().bind(Bindings.isNotEmpty(dataset.unreadable()));
        unreadable.managedProperty().bind(unreadable.visibleProperty());

        getChildren().addAll(summary, strip, table, unreadable);
        setSpacing(8);
    }

    private static TableColumn<DatasetViewModel.ClassCount, Object> column(
            String title, Function<DatasetViewModel.ClassCount, Object> value, double width) {
        TableColumn<DatasetViewModel.ClassCount, Object> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    private void showSamples(List<Path> samples) {
        thumbs.getChildren().clear();
        for (Path p : samples) {
            ImageView view =
                    new ImageView(new Image(p.toUri().toString(), THUMB, THUMB, true, false, true));
            view.setFitWidth(THUMB);
            view.setFitHeight(THUMB);
            view.setPreserveRatio(true);
            view.setSmooth(false);
            StackPane frame = new StackPane(view);
            frame.getStyleClass().add("thumb");
            Tooltip.install(
                    frame, new Tooltip(p.getParent().getFileName() + "/" + p.getFileName()));
            thumbs.getChildren().add(frame);
        }
    }
}
