package dev.repmlp.app.training;

import dev.repmlp.app.ui.EmptyState;
import dev.repmlp.app.ui.Icons;
import dev.repmlp.app.ui.PageHeader;
import javafx.scene.layout.BorderPane;

/** The train page (node id {@code train-view}). */
public final class TrainView extends BorderPane {

    public TrainView(TrainViewModel viewModel) {
        setId("train-view");
        getStyleClass().add("page");
        setTop(
                new PageHeader(
                        "Train",
                        "Configure a RepMLPNet, point it at an ImageFolder dataset and follow loss, accuracy and learning rate while it trains."));
        EmptyState empty =
                new EmptyState(
                        Icons.TRAIN,
                        "No training run yet",
                        "Pick a model preset and a dataset to start a run.");
        empty.visibleProperty().bind(viewModel.emptyProperty());
        setCenter(empty);
    }
}
