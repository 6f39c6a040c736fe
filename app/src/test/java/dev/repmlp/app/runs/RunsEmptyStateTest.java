package dev.repmlp.app.runs;

import static dev.repmlp.app.TrainingFixtures.await;
import static dev.repmlp.app.TrainingFixtures.fx;
import static dev.repmlp.app.TrainingFixtures.fxRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.TrainingFixtures;
import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.app.shell.MainWindow;
import dev.repmlp.app.tracking.RunsFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * An empty runs folder: the "No runs yet" text and its hint are read whole inside the table's area
 * (above the split), at the page's size in the smallest window (900x600 less the sidebar and the
 * status bar) and in the default one (1280x800), not clipped below it.
 */
@ExtendWith(ApplicationExtension.class)
class RunsEmptyStateTest {
    @TempDir Path tmp;

    private final ExecutorJobRunner jobs = ExecutorJobRunner.daemon();
    private RunsViewModel viewModel;
    private Stage stage;
    private RunsView view;

    @Start
    void start(Stage primary) throws IOException {
        // a window of its own: resizing the shared primary stage would leave it at this size for
        // the tests that run after this one
        stage = new Stage();
        Path runs = Files.createDirectories(tmp.resolve("runs"));
        viewModel = new RunsViewModel(jobs, new RunsFolder(runs), Duration.ofMillis(200));
        view = new RunsView(viewModel, new TrainingFixtures.Answers());
        Scene scene = new Scene(view, 830, 560);
        scene.getStylesheets()
                .add(MainWindow.class.getResource(MainWindow.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        fxRun(viewModel::stopWatching);
        fxRun(stage::close);
        jobs.close();
    }

    @Test
    void theHintIsReadWholeAtTheSmallestAndTheDefaultSize() throws Exception {
        await(10, () -> viewModel.emptyProperty().get());
        // page sizes: the window less the sidebar (icons below 1200 px) and the status bar
        for (double[] size : new double[][] {{830, 560}, {1060, 760}}) {
            fxRun(
                    () -> {
                        stage.setWidth(size[0]);
                        stage.setHeight(size[1]);
                    });
            WaitForAsyncUtils.waitForFxEvents();
            Label hint = (Label) fx(() -> view.lookup(".empty-state-hint"));
            Label title = (Label) fx(() -> view.lookup(".empty-state-title"));
            for (Label l : new Label[] {title, hint}) {
                assertTrue(fx(l::isVisible));
                assertEquals(fx(l::getText), fx(() -> drawn(l)), "at " + size[0]);
                // above the split's divider: the part of the page the table's area has
                Node divider = fx(() -> view.lookup(".runs-split .split-pane-divider"));
                double top =
                        fx(() -> view.lookup(".empty-state").getParent().localToScene(0, 0).getY());
                double bottom =
                        fx(() -> divider.localToScene(divider.getBoundsInLocal()).getMinY());
                Bounds b = fx(() -> l.localToScene(l.getBoundsInLocal()));
                assertTrue(
                        b.getMinY() >= top - 0.5 && b.getMaxY() <= bottom + 0.5,
                        "'"
                                + fx(l::getText)
                                + "' at y "
                                + b.getMinY()
                                + ".."
                                + b.getMaxY()
                                + ", the table's area "
                                + top
                                + ".."
                                + bottom
                                + " at "
                                + size[0]
                                + "x"
                                + size[1]);
            }
        }
    }

    private static String drawn(Parent l) {
        for (Node c : l.getChildrenUnmodifiable()) {
            if (c instanceof Text t) {
                return t.getText();
            }
        }
        return null;
    }
}
