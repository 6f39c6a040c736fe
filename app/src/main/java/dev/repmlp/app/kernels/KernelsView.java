package dev.repmlp.app.kernels;

import dev.repmlp.app.ui.EmptyState;
import dev.repmlp.app.ui.Icons;
import dev.repmlp.app.ui.PageHeader;
import javafx.scene.layout.BorderPane;

/** The kernels page (node id {@code kernels-view}). */
public final class KernelsView extends BorderPane {

    public KernelsView(KernelsViewModel viewModel) {
        setId("kernels-view");
        getStyleClass().add("page");
        setTop(
                new PageHeader(
                        "Kernels",
                        "See the fc3 kernels of a RepMLP block before and after locality injection folds the conv branches into them."));
        EmptyState empty =
                new EmptyState(
                        Icons.KERNELS,
                        "No weights loaded",
                        "Load weights to explore fc3 before and after locality injection.");
        empty.visibleProperty().bind(viewModel.emptyProperty());
        setCenter(empty);
    }
}
