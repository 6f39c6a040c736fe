package dev.repmlp.app.compare;

import static dev.repmlp.app.FxTesting.onFx;
import static dev.repmlp.app.InferenceTesting.awaitModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.app.shell.MainWindow;
import dev.repmlp.app.ui.FileDialogs;
import dev.repmlp.engine.Assets;
import dev.repmlp.engine.onnx.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The compare page's ONNX side: Export ONNX… writes a verified file, Use ONNX file… runs the deploy
 * side from it with ONNX Runtime, and the deploy report shows both structures' costs.
 */
@ExtendWith(ApplicationExtension.class)
class CompareOnnxTest {
    private final ExecutorJobRunner jobRunner = ExecutorJobRunner.daemon();
    private CompareViewModel viewModel;
    @TempDir static Path dir;

    /** Answers the save dialog with dir/demo.onnx and the open dialog with the same file. */
    private static final class Dialogs implements FileDialogs {
        @Override
        public Optional<Path> chooseDirectory(Window owner, String title, Path initial) {
            return Optional.empty();
        }

        @Override
        public Optional<Path> chooseFileToOpen(
                Window owner, String title, Path initial, String filter, List<String> patterns) {
            return Optional.of(dir.resolve("demo.onnx"));
        }

        @Override
        public List<Path> chooseFilesToOpen(
                Window owner, String title, Path initial, String filter, List<String> patterns) {
            return List.of();
        }

        @Override
        public Optional<Path> chooseFileToSave(
                Window owner,
                String title,
                Path initial,
                String name,
                String filter,
                List<String> patterns) {
            assertTrue(name.endsWith("-deploy.onnx"), name);
            return Optional.of(dir.resolve("demo.onnx"));
        }
    }

    @Start
    void start(Stage stage) {
        viewModel = new CompareViewModel(jobRunner, Assets.require(Assets.DEMO_MODEL));
        Scene scene =
                new Scene(
                        new CompareView(viewModel, new Dialogs()),
                        MainWindow.WIDTH,
                        MainWindow.HEIGHT);
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

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    @Test
    void exportThenCompareAgainstTheOnnxFile(FxRobot robot) throws Exception {
        String report = text(robot, "#compare-deploy-report");
        assertTrue(report.contains("train-time") && report.contains("deploy-time"), report);
        assertTrue(report.contains("multiply-adds"), report);
        assertEquals(CompareViewModel.INJECTED_SIDE, text(robot, "#compare-deploy-side"));

        robot.clickOn("#compare-export-onnx");
        awaitModel(() -> !viewModel.isBusy() && !viewModel.noticeProperty().get().isEmpty());
        assertEquals("", viewModel.getError());
        Path onnx = dir.resolve("demo.onnx");
        assertTrue(Files.size(onnx) > 0);
        assertTrue(text(robot, "#compare-notice").startsWith("Exported demo.onnx"));
        try (OnnxModel m = OnnxModel.load(onnx, 1)) {
            assertEquals(10, m.classNames().orElseThrow().size(), "class names stored");
            assertEquals("RepMLPNet-Demo", m.config().orElseThrow().name());
        }

        robot.clickOn("#compare-load-onnx");
        awaitModel(
                () ->
                        !viewModel.isBusy()
                                && viewModel.deploySideProperty().get().contains("demo.onnx"));
        assertEquals("", viewModel.getError());

        onFx(
                () -> {
                    viewModel.compare(List.of(Assets.require("sample-images/fashion-mnist")));
                    return null;
                });
        awaitModel(() -> !viewModel.isBusy() && viewModel.getResults().size() == 20);
        for (ComparedImage row : viewModel.getResults()) {
            assertTrue(row.ok(), row.error());
            assertTrue(row.top1Agrees(), row.name());
            assertTrue(Double.parseDouble(row.maxDiff()) < 1e-4, row.maxDiff());
        }
        TableView<?> table = robot.lookup("#compare-results").queryAs(TableView.class);
        assertEquals("Deploy-time (ONNX Runtime)", table.getColumns().get(2).getText());
        assertTrue(viewModel.getSummary().contains("20/20"), viewModel.getSummary());

        // -Drepmlp.onnx.screenshot=FILE.png keeps a picture of the page (for a look by eye)
        String shot = System.getProperty("repmlp.onnx.screenshot");
        if (shot != null) {
            onFx(
                    () -> {
                        javafx.scene.image.WritableImage img =
                                robot.lookup("#compare-view").query().getScene().snapshot(null);
                        javax.imageio.ImageIO.write(
                                javafx.embed.swing.SwingFXUtils.fromFXImage(img, null),
                                "png",
                                Path.of(shot).toFile());
                        return null;
                    });
        }
    }
}
