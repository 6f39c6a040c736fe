package dev.repmlp.app.classify;

import dev.repmlp.app.ui.EmptyState;
import dev.repmlp.app.ui.Icons;
import dev.repmlp.app.ui.PageHeader;
import javafx.scene.layout.BorderPane;

/** The classify page (node id {@code classify-view}). */
public final class ClassifyView extends BorderPane {

    public ClassifyView(ClassifyViewModel viewModel) {
        setId("classify-view");
        getStyleClass().add("page");
        setTop(
                new PageHeader(
                        "Classify",
                        "Run a trained model on an image and see its top-5 classes with their probabilities."));
        EmptyState empty =
                new EmptyState(
                        Icons.CLASSIFY,
                        "No image yet",
                        "Load a model, then drop an image here to classify it.");
        empty.visibleProperty().bind(viewModel.emptyProperty());
        setCenter(empty);
    }
}
