package dev.repmlp.app.classify;

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
import dev.repmlp.engine.data.ImageFiles;
import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The classify page with the bundled demo model, jobs on real background threads. */
@ExtendWith(ApplicationExtension.class)
class ClassifyViewTest {
    private final ExecutorJobRunner jobRunner = ExecutorJobRunner.daemon();
    private ClassifyViewModel viewModel;

    @Start
    void start(Stage stage) {
        viewModel = new ClassifyViewModel(jobRunner, Assets.require(Assets.DEMO_MODEL));
        Scene scene = new Scene(new ClassifyView(viewModel), MainWindow.WIDTH, MainWindow.HEIGHT);
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
    void pageOpensWithTheDemoModel(FxRobot robot) {
        assertEquals("RepMLPNet-Demo", text(robot, "#classify-model-name"));
        String detail = text(robot, "#classify-model-detail");
        assertTrue(detail.startsWith("train-time · 10 classes · 32×32 input"), detail);
        assertTrue(detail.contains("repmlpnet-demo-fashion-mnist.json"), detail);
    }

    @Test
    void exportOnnxWritesAVerifiedFileAndSaysSo(FxRobot robot, @TempDir Path dir) throws Exception {
        assertFalse(robot.lookup("#classify-export-onnx").queryButton().isDisabled());
        assertEquals("repmlpnet-demo-fashion-mnist-deploy.onnx", viewModel.suggestedOnnxName());
        Path target = dir.resolve("demo.onnx");
        onFx(
                () -> {
                    viewModel.exportOnnx(target);
                    return null;
                });
        awaitModel(() -> !viewModel.isBusy() && !viewModel.noticeProperty().get().isEmpty());
        String notice = text(robot, "#classify-notice");
        assertTrue(notice.startsWith("Exported demo.onnx ("), notice);
        assertTrue(notice.contains("ONNX Runtime gives the deploy model's logits within"), notice);
        assertTrue(Files.size(target) > 1_000_000, "the demo model's weights are in the file");
    }

    @Test
    void droppingTheTwentySamplesShowsTheirTop1Labels(FxRobot robot) throws Exception {
        List<Path> samples =
                ImageFiles.expand(List.of(Assets.require("sample-images/fashion-mnist")));
        assertEquals(20, samples.size());

        dropFiles(robot.lookup("#classify-drop").query(), samples);
        awaitModel(() -> !viewModel.isBusy() && viewModel.getResults().size() == 20);

        List<String> shown = top1Labels(robot, 20);
        int correct = 0;
        for (int i = 0; i < 20; i++) {
            ClassifiedImage row = viewModel.getResults().get(i);
            String file = samples.get(i).getFileName().toString();
            assertEquals(file, row.name());
            assertTrue(row.ok(), row.error());
            String label = row.top1().orElseThrow().label();
            // the list shows "sneaker  97.3%" for each image
            assertTrue(shown.get(i).startsWith(label + "  "), shown.get(i));
            if (label.equals(file.substring(0, file.lastIndexOf('-')))) {
                correct++;
            }
        }
        // the demo model has 85% val top-1 on held-out images
        assertTrue(correct >= 14, correct + "/20 top-1 equal to the file name's class");
        assertTrue(text(robot, "#classify-summary").startsWith("20 images · "));
        assertFalse(robot.lookup(".empty-state").query().isVisible());
    }

    @Test
    void unreadableFileGetsAnErrorRowAndTheRestAreClassified(FxRobot robot, @TempDir Path dir)
            throws Exception {
        Path fake = Files.writeString(dir.resolve("fake.png"), "this is text, not a PNG");
        List<Path> files =
                List.of(
                        Assets.require("sample-images/fashion-mnist/bag-1.png"),
                        fake,
                        Assets.require("sample-images/fashion-mnist/trouser-1.png"));

        dropFiles(robot.lookup("#classify-drop").query(), files);
        awaitModel(() -> !viewModel.isBusy() && viewModel.getResults().size() == 3);

        List<ClassifiedImage> rows = viewModel.getResults();
        assertTrue(rows.get(0).ok());
        assertFalse(rows.get(1).ok());
        assertTrue(rows.get(1).error().contains("fake.png"), rows.get(1).error());
        assertTrue(rows.get(2).ok());
        assertEquals("Could not classify", top1Labels(robot, 3).get(1));
        assertTrue(text(robot, "#classify-summary").contains("1 could not be read"));
        assertEquals("", viewModel.getError());
    }

    @Test
    void corruptWeightsGiveAnErrorAndThePreviousModelStays(FxRobot robot, @TempDir Path dir)
            throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.pth"), "not a checkpoint at all");

        onFx(
                () -> {
                    viewModel.loadModel(broken);
                    return null;
                });
        awaitModel(() -> !viewModel.isBusy());

        Label error = robot.lookup("#classify-error .banner-text").queryAs(Label.class);
        assertTrue(robot.lookup("#classify-error").query().isVisible());
        assertTrue(error.getText().startsWith("Could not load broken.pth: "), error.getText());
        assertTrue(
                error.getText().endsWith("The previous model (RepMLPNet-Demo) is still loaded."));
        assertEquals("RepMLPNet-Demo", text(robot, "#classify-model-name"));

        // and it still classifies
        dropFiles(
                robot.lookup("#classify-drop").query(),
                List.of(Assets.require("sample-images/fashion-mnist/bag-2.png")));
        awaitModel(() -> !viewModel.isBusy() && viewModel.getResults().size() == 1);
        assertTrue(viewModel.getResults().get(0).ok());
    }

    @Test
    void aTrainingCheckpointLoadsAsItsModelWeightsWithANote(FxRobot robot, @TempDir Path dir)
            throws Exception {
        // a run's checkpoint: the demo model under model/, optimizer state, the position
        StateDict ckpt = new StateDict();
        for (var e : Weights.read(Assets.require(Assets.DEMO_MODEL)).entries()) {
            ckpt.put("model/" + e.getKey(), e.getValue());
            if (e.getValue().dtype() == dev.repmlp.engine.io.DType.FLOAT32) {
                ckpt.put("optim.m/" + e.getKey(), e.getValue());
            }
        }
        Path best = Files.createDirectories(dir.resolve("checkpoints")).resolve("best.safetensors");
        dev.repmlp.engine.io.SafeTensors.write(
                best,
                ckpt,
                java.util.Map.of(
                        "repmlp",
                        "{\"format\":\"repmlp-workbench-checkpoint/1\",\"epoch\":3,\"step\":0}"));

        onFx(
                () -> {
                    viewModel.loadModel(best);
                    return null;
                });
        awaitModel(() -> !viewModel.isBusy() && viewModel.getModelDetail().contains("best"));

        assertEquals("", viewModel.getError());
        assertEquals("RepMLPNet-Demo", viewModel.getModelName());
        assertTrue(
                viewModel
                        .getModelDetail()
                        .endsWith(
                                "best.safetensors is a training checkpoint (model, optimizer"
                                        + " state, position): read as its model weights"),
                viewModel.getModelDetail());
        assertTrue(viewModel.getModelDetail().startsWith("train-time"), viewModel.getModelDetail());
    }

    @Test
    void weightsOfAnotherArchitectureAreRefusedWithAReason(FxRobot robot, @TempDir Path dir)
            throws Exception {
        StateDict other = new StateDict();
        other.put("conv1.weight", HostTensor.ofFloats(new long[] {2, 2}, 1, 2, 3, 4));
        Path resnet = dir.resolve("resnet.pth");
        Weights.write(resnet, other);

        onFx(
                () -> {
                    viewModel.loadModel(resnet);
                    return null;
                });
        awaitModel(() -> !viewModel.isBusy());

        assertTrue(
                viewModel.getError().contains("does not hold RepMLPNet weights"),
                viewModel.getError());
        assertEquals("RepMLPNet-Demo", viewModel.getModelName());
        robot.clickOn(".banner-dismiss");
        assertFalse(robot.lookup("#classify-error").query().isVisible());
    }

    @Test
    void pastedImageIsClassified() throws Exception {
        Image image =
                new Image(
                        Assets.require("sample-images/fashion-mnist/sneaker-1.png")
                                .toUri()
                                .toString());

        onFx(
                () -> {
                    viewModel.classifyImage(ClassifyViewModel.PASTED, image);
                    return null;
                });
        awaitModel(() -> !viewModel.isBusy() && viewModel.getResults().size() == 1);

        ClassifiedImage row = viewModel.getResults().get(0);
        assertEquals("pasted image", row.name());
        assertTrue(row.ok(), row.error());
        assertEquals(5, row.topK().size());
        assertEquals("32×32 input", row.inputCaption());
        // the preview is the 32x32 input blown up 3x with nearest-neighbour
        assertEquals(96, row.input().getWidth());
    }

    @Test
    void newWeightsClassifyTheShownImagesAgain() throws Exception {
        onFx(
                () -> {
                    viewModel.classify(
                            List.of(Assets.require("sample-images/fashion-mnist/coat-1.png")));
                    return null;
                });
        awaitModel(() -> !viewModel.isBusy() && viewModel.getResults().size() == 1);
        ClassifiedImage first = viewModel.getResults().get(0);

        onFx(
                () -> {
                    viewModel.loadDefaultModel();
                    return null;
                });
        awaitModel(() -> !viewModel.isBusy() && viewModel.getResults().size() == 1);

        ClassifiedImage again = viewModel.getResults().get(0);
        assertTrue(again != first, "classified again");
        assertEquals(first.topK(), again.topK());
    }

    /** The top-1 text of the first {@code n} rows, scrolling the list to each. */
    private static List<String> top1Labels(FxRobot robot, int n) throws Exception {
        @SuppressWarnings("unchecked")
        ListView<ClassifiedImage> list = robot.lookup("#classify-results").queryAs(ListView.class);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            onFx(
                    () -> {
                        list.scrollTo(index);
                        list.layout();
                        return null;
                    });
            robot.sleep(30);
            String text =
                    onFx(
                            () -> {
                                for (Node cell : list.lookupAll(".prediction-cell")) {
                                    ListCell<?> c = (ListCell<?>) cell;
                                    if (c.getIndex() == index && !c.isEmpty()) {
                                        return ((Label) c.lookup(".prediction-top1")).getText();
                                    }
                                }
                                return null;
                            });
            out.add(text);
        }
        return out;
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryLabeled().getText();
    }
}
