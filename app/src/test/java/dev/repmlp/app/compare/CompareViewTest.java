package dev.repmlp.app.compare;

import static dev.repmlp.app.FxTesting.onFx;
import static dev.repmlp.app.InferenceTesting.awaitModel;
import static dev.repmlp.app.InferenceTesting.dropFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.app.shell.MainWindow;
import dev.repmlp.engine.Assets;
import dev.repmlp.engine.checkpoint.Weights;
import dev.repmlp.engine.infer.ComparisonSummary;
import dev.repmlp.engine.infer.LoadedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The compare page with the bundled demo model and its deploy-time twin. */
@ExtendWith(ApplicationExtension.class)
class CompareViewTest {
    private final ExecutorJobRunner jobRunner = ExecutorJobRunner.daemon();
    private CompareViewModel viewModel;

    @Start
    void start(Stage stage) {
        viewModel = new CompareViewModel(jobRunner, Assets.require(Assets.DEMO_MODEL));
        Scene scene = new Scene(new CompareView(viewModel), MainWindow.WIDTH, MainWindow.HEIGHT);
        scene.getStylesheets()
                .add(MainWindow.class.getResource(MainWindow.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @BeforeEach
    void demoModelIsLoaded() throws Exception {
        awaitModel(() -> viewModel.isModelLoaded() && !viewModel.isBusy());
    }

    @AfterEach
    void stop() throws Exception {
        onFx(
                () -> {
                    viewModel.dispose();
                    return null;
                });
        awaitModel(() -> !viewModel.isBusy());
        jobRunner.close();
    }

    @Test
    void droppedSampleFolderShowsBothModelsAgreeing(FxRobot robot) throws Exception {
        dropFiles(
                robot.lookup("#compare-drop").query(),
                List.of(Assets.require("sample-images/fashion-mnist")));
        awaitModel(() -> !viewModel.isBusy() && viewModel.getResults().size() == 20);

        for (ComparedImage row : viewModel.getResults()) {
            assertTrue(row.ok(), row.error());
            assertEquals(5, row.train().size());
            assertEquals(5, row.deploy().size());
            assertEquals(row.train().get(0).label(), row.deploy().get(0).label(), row.name());
            assertTrue(row.top1Agrees());
            assertTrue(Double.parseDouble(row.maxDiff()) < 1e-4, row.maxDiff());
            assertTrue(row.trainTime().endsWith(" ms") && row.deployTime().endsWith(" ms"));
        }
        String summary = text(robot, "#compare-summary");
        assertTrue(summary.startsWith("20/20 top-1 agree, max |Δlogit| "), summary);
        assertTrue(robot.lookup("#compare-summary").query().isVisible());
        assertTrue(
                text(robot, "#compare-summary-detail").startsWith("per image: train-time "),
                text(robot, "#compare-summary-detail"));
        assertFalse(robot.lookup("#compare-warning").query().isVisible());

        // both columns are drawn: each visible row has a train-time and a deploy-time top-5
        TableView<?> table = robot.lookup("#compare-results").queryAs(TableView.class);
        int bars = onFx(() -> table.lookupAll(".score-bars").size());
        assertTrue(bars >= 2 && bars % 2 == 0, bars + " top-5 lists");
        assertEquals(
                "same top-1", robot.from(table).lookup(".diff-verdict").queryLabeled().getText());
    }

    @Test
    void unreadableFileIsReportedAndTheOthersCompared(FxRobot robot, @TempDir Path dir)
            throws Exception {
        Path fake = Files.writeString(dir.resolve("fake.png"), "not an image");

        dropFiles(
                robot.lookup("#compare-drop").query(),
                List.of(fake, Assets.require("sample-images/fashion-mnist/dress-1.png")));
        awaitModel(() -> !viewModel.isBusy() && viewModel.getResults().size() == 2);

        assertFalse(viewModel.getResults().get(0).ok());
        assertTrue(viewModel.getResults().get(0).error().contains("fake.png"));
        assertTrue(viewModel.getResults().get(1).ok());
        assertTrue(text(robot, "#compare-summary").startsWith("1/1 top-1 agree"));
        assertTrue(text(robot, "#compare-summary-detail").endsWith("1 image could not be read"));
    }

    @Test
    void deployTimeWeightsAloneCannotBeCompared(FxRobot robot, @TempDir Path dir) throws Exception {
        Path deployFile = dir.resolve("demo-deploy.pth");
        try (LoadedModel train = LoadedModel.load(Assets.require(Assets.DEMO_MODEL), null);
                LoadedModel deploy = train.deployTwin()) {
            Weights.save(deploy.net(), deployFile);
        }

        onFx(
                () -> {
                    viewModel.loadModel(deployFile);
                    return null;
                });
        awaitModel(() -> !viewModel.isBusy());

        String error = text(robot, "#compare-error .banner-text");
        assertTrue(error.contains("demo-deploy.pth holds deploy-time weights"), error);
        assertTrue(error.contains("Load the train-time weights"), error);
        assertTrue(error.endsWith("The previous model (RepMLPNet-Demo) is still loaded."), error);
        assertTrue(viewModel.isModelLoaded());
    }

    @Test
    void corruptWeightsGiveAnErrorAndThePreviousModelStays(FxRobot robot, @TempDir Path dir)
            throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.pth"), "garbage");

        onFx(
                () -> {
                    viewModel.loadModel(broken);
                    return null;
                });
        awaitModel(() -> !viewModel.isBusy());

        assertTrue(text(robot, "#compare-error .banner-text").startsWith("Could not compare"));
        assertEquals("RepMLPNet-Demo", text(robot, "#compare-model-name"));
    }

    @Test
    void disagreementShowsAWarning(FxRobot robot) throws Exception {
        onFx(
                () -> {
                    viewModel.showSummary(new ComparisonSummary(3, 3, 2, 0.75, 300, 100));
                    return null;
                });

        Node warning = robot.lookup("#compare-warning").query();
        assertTrue(warning.isVisible());
        assertTrue(
                text(robot, "#compare-warning .banner-text")
                        .startsWith("Top-1 differs on 1 of 3 images"));
        assertEquals("2/3 top-1 agree, max |Δlogit| 0.750", text(robot, "#compare-summary"));
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryLabeled().getText();
    }
}
