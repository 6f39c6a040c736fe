package dev.repmlp.app.runs;

import dev.repmlp.app.ui.EmptyState;
import dev.repmlp.app.ui.Icons;
import dev.repmlp.app.ui.PageHeader;
import javafx.scene.layout.BorderPane;

/** The runs page (node id {@code runs-view}). */
public final class RunsView extends BorderPane {

    public RunsView(RunsViewModel viewModel) {
        setId("runs-view");
        getStyleClass().add("page");
        setTop(
                new PageHeader(
                        "Runs",
                        "Browse the run directories written by the workbench or the CLI, follow live runs and compare their curves."));
        EmptyState empty =
                new EmptyState(
                        Icons.RUNS, "No runs yet", "Open a runs folder to list the runs in it.");
        empty.visibleProperty().bind(viewModel.emptyProperty());
        setCenter(empty);
    }
}
