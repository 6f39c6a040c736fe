package dev.repmlp.app.compare;

import dev.repmlp.app.ui.EmptyState;
import dev.repmlp.app.ui.Icons;
import dev.repmlp.app.ui.PageHeader;
import javafx.scene.layout.BorderPane;

/** The compare page (node id {@code compare-view}). */
public final class CompareView extends BorderPane {

    public CompareView(CompareViewModel viewModel) {
        setId("compare-view");
        getStyleClass().add("page");
        setTop(
                new PageHeader(
                        "Compare",
                        "Check that the re-parameterised deploy model gives the same logits as the training-time model, and how much faster it runs."));
        EmptyState empty =
                new EmptyState(
                        Icons.COMPARE,
                        "No model loaded",
                        "Load a checkpoint to compare its training and deploy forms.");
        empty.visibleProperty().bind(viewModel.emptyProperty());
        setCenter(empty);
    }
}
