package dev.repmlp.app.training;

import static dev.repmlp.app.TrainingFixtures.await;
import static dev.repmlp.app.TrainingFixtures.fx;
import static dev.repmlp.app.TrainingFixtures.fxRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.TrainingFixtures;
import dev.repmlp.app.charts.CurveChart;
import dev.repmlp.app.charts.RunCurves;
import dev.repmlp.app.charts.XY;
import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.app.shell.MainWindow;
import dev.repmlp.app.tracking.RunsFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Train page with the real engine: a tiny model on a tiny generated dataset trains in seconds.
 */
@ExtendWith(ApplicationExtension.class)
class TrainViewTest {
    @TempDir static Path shared;
    static Path data;
    static Path tinyModel;

    @TempDir Path tmp;

    private final ExecutorJobRunner jobs = ExecutorJobRunner.daemon();
    private final TrainingFixtures.Answers dialogs = new TrainingFixtures.Answers();
    private TrainViewModel viewModel;
    private Path runs;

    @BeforeAll
    static void files() throws IOException {
        data = TrainingFixtures.tinyDataset(shared.resolve("tiny"), 12, 4);
        tinyModel = TrainingFixtures.tinyModel(shared.resolve("tiny-model.json"));
    }

    @Start
    void start(Stage stage) {
        runs = tmp.resolve("runs");
        viewModel = new TrainViewModel(jobs, new RunsFolder(runs), () -> Optional.of(data));
        Scene scene =
                new Scene(new TrainView(viewModel, dialogs), MainWindow.WIDTH, MainWindow.HEIGHT);
        scene.getStylesheets()
                .add(MainWindow.class.getResource(MainWindow.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stopTraining() throws Exception {
        fxRun(viewModel::stop);
        await(60, () -> !viewModel.runningProperty().get());
        jobs.close();
    }

    // ---- dataset

    @Test
    void datasetPickerShowsClassesAndImagesPerSplit(FxRobot robot) throws Exception {
        await(10, () -> !viewModel.dataset().isScanning());

        assertEquals(
                "3 classes \u00b7 train 36 \u00b7 val 12 images \u00b7 all 48 decode",
                robot.lookup("#dataset-summary").queryAs(Label.class).getText());
        TableView<?> table = robot.lookup("#dataset-classes").queryAs(TableView.class);
        assertEquals(
                List.of(
                        new DatasetViewModel.ClassCount("blue", 12, 4),
                        new DatasetViewModel.ClassCount("green", 12, 4),
                        new DatasetViewModel.ClassCount("red", 12, 4)),
                List.copyOf(table.getItems()));
        assertEquals(12, robot.lookup("#dataset-samples").queryAs(HBox.class).getChildren().size());
    }

    @Test
    void fieldsThatDoNotApplyAreDisabledAndSayWhy(FxRobot robot) throws Exception {
        javafx.scene.control.Control decay =
                robot.lookup("#field-decay-epochs").queryAs(javafx.scene.control.Control.class);
        javafx.scene.control.Control momentum =
                robot.lookup("#field-momentum").queryAs(javafx.scene.control.Control.class);
        javafx.scene.control.Control beta1 =
                robot.lookup("#field-beta1").queryAs(javafx.scene.control.Control.class);
        fxRun(
                () -> {
                    viewModel.form().text("schedule").set("cosine");
                    viewModel.form().text("optimizer").set("adamw");
                });
        assertTrue(fx(decay::isDisabled), "step decay under cosine");
        assertTrue(fx(momentum::isDisabled), "momentum under AdamW");
        assertFalse(fx(beta1::isDisabled));
        assertTrue(
                fx(() -> momentum.getTooltip().getText()).startsWith("Not used: only SGD"),
                fx(() -> momentum.getTooltip().getText()));

        fxRun(
                () -> {
                    viewModel.form().text("schedule").set("step");
                    viewModel.form().text("optimizer").set("sgd");
                });
        assertFalse(fx(decay::isDisabled));
        assertFalse(fx(momentum::isDisabled));
        assertTrue(fx(beta1::isDisabled), "AdamW's beta1 under SGD");
        assertFalse(fx(() -> momentum.getTooltip().getText()).startsWith("Not used"));
    }

    @Test
    void unreadableFilesAndAMissingSplitAreShown(FxRobot robot) throws Exception {
        Path broken = TrainingFixtures.tinyDataset(tmp.resolve("broken"), 2, 1);
        Files.writeString(broken.resolve("train/red/bad.png"), "not a png");
        fxRun(() -> text(robot, "#field-data-path").setText(broken.toString()));
        await(
                10,
                () ->
                        !viewModel.dataset().isScanning()
                                && viewModel.dataset().getClassCount() == 3);

        assertEquals(
                List.of("train/red/bad.png".replace('/', java.io.File.separatorChar)),
                List.copyOf(viewModel.dataset().unreadable()));
        assertTrue(
                robot.lookup("#dataset-summary")
                        .queryAs(Label.class)
                        .getText()
                        .endsWith("1 unreadable file"));

        Files.walk(broken.resolve("val"))
                .sorted(java.util.Comparator.reverseOrder())
                .forEach(p -> p.toFile().delete());
        fxRun(() -> text(robot, "#field-data-path").setText(broken + "/"));
        await(
                10,
                () ->
                        !viewModel.dataset().isScanning()
                                && !viewModel.dataset().problems().isEmpty());
        assertTrue(
                problemTexts().stream().anyMatch(p -> p.contains("has no val/ folder")),
                problemTexts().toString());
        assertTrue(robot.lookup("#train-start").queryButton().isDisabled());
    }

    // ---- validation

    @Test
    void aWindowThatDoesNotDivideTheMapDisablesStartWithTheReason(FxRobot robot) throws Exception {
        loadTinyModel(robot);
        await(10, () -> viewModel.canStartBinding().get());
        assertFalse(robot.lookup("#train-start").queryButton().isDisabled());

        fxRun(() -> text(robot, "#field-model-hs").setText("5, 2"));

        await(5, () -> robot.lookup("#train-start").queryButton().isDisabled());
        assertTrue(
                problemTexts().stream()
                        .anyMatch(
                                t ->
                                        t.contains(
                                                "stage 0: window hs x ws = 5x4 does not divide the"
                                                        + " stage map 4x4 at image_size 16")),
                problemTexts().toString());
        assertTrue(invalid(robot, "#field-model-hs"));
        assertTrue(invalid(robot, "#field-model-ws"));
        assertFalse(invalid(robot, "#field-epochs"));

        fxRun(() -> text(robot, "#field-model-hs").setText("4, 2"));

        await(5, () -> !robot.lookup("#train-start").queryButton().isDisabled());
        assertFalse(invalid(robot, "#field-model-hs"));
    }

    @Test
    void aClassCountThatDiffersFromTheDatasetIsReportedWithAFix(FxRobot robot) throws Exception {
        await(10, () -> !viewModel.dataset().isScanning());
        // the demo preset has 10 classes, the tiny dataset 3
        assertTrue(
                problemTexts()
                        .contains(
                                "\u2022 The dataset has 3 classes but num_class is 10; set num_class to 3"),
                problemTexts().toString());
        assertTrue(robot.lookup("#train-start").queryButton().isDisabled());

        robot.clickOn("#fix-num-class");

        await(5, () -> viewModel.problems().isEmpty());
        assertEquals("3", text(robot, "#field-model-num-class").getText());
        assertFalse(robot.lookup("#train-start").queryButton().isDisabled());
    }

    @Test
    void aRecipeFillsTheFormAndTheScheduleChecksWarnOrBlock(FxRobot robot) throws Exception {
        loadTinyModel(robot);
        await(10, () -> viewModel.canStartBinding().get());
        @SuppressWarnings("unchecked")
        ComboBox<String> recipe = robot.lookup("#recipe").queryAs(ComboBox.class);
        fxRun(() -> recipe.getSelectionModel().select("upstream"));
        await(5, () -> "raug15".equals(viewModel.form().text("aug_preset").get()));
        // upstream's recipe on 16 px images: a warning; Start stays enabled
        await(5, () -> !viewModel.plan().warnings().isEmpty());
        assertTrue(
                viewModel.plan().warnings().get(0).contains("heavy augmentation on 16 px images"),
                viewModel.plan().warnings().toString());
        assertTrue(robot.lookup("#plan-warnings").query().isVisible());
        // a warmup as long as the run: an error on the field, Start disabled
        fxRun(() -> text(robot, "#field-warmup-epochs").setText("150"));
        try {
            await(5, () -> robot.lookup("#train-start").queryButton().isDisabled());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(
                    "Start still enabled; problems "
                            + problemTexts()
                            + ", epochs "
                            + viewModel.form().text("epochs").get()
                            + ", warmup "
                            + viewModel.form().text("warmup_epochs").get(),
                    e);
        }
        assertTrue(invalid(robot, "#field-warmup-epochs"));
        assertTrue(
                problemTexts().stream().anyMatch(t -> t.contains("the whole run is warmup")),
                problemTexts().toString());
        // the planned LR curve is drawn in the LR chart before Start
        CurveChart lr = robot.lookup("#chart-lr").queryAs(CurveChart.class);
        assertTrue(fx(() -> lr.itemCount(TrainingPlan.PLANNED_LR)) > 1);
    }

    @Test
    void effectiveLearningRateIsShown(FxRobot robot) throws Exception {
        fxRun(() -> text(robot, "#field-batch-size").setText("128"));

        await(
                5,
                () ->
                        robot.lookup("#effective-lr")
                                .queryAs(Label.class)
                                .getText()
                                .startsWith("Effective LR 0.002 = 0.004 \u00d7 128 / 256"));
    }

    // ---- training

    @Test
    void aShortRunDrawsLiveChartsAndCompletes(FxRobot robot) throws Exception {
        loadTinyModel(robot);
        setTexts(
                robot, "#field-epochs", "2", "#field-batch-size", "4", "#field-warmup-epochs", "1");
        await(10, () -> viewModel.canStartBinding().get());
        List<Integer> lossSizes = new CopyOnWriteArrayList<>();
        fxRun(
                () ->
                        viewModel
                                .curves()
                                .loss()
                                .points()
                                .addListener(
                                        (ListChangeListener<XY>)
                                                c -> lossSizes.add(c.getList().size())));

        robot.clickOn("#train-start");

        await(
                120,
                () ->
                        viewModel.getState() == TrainState.COMPLETED
                                || viewModel.getState() == TrainState.FAILED);
        assertEquals(TrainState.COMPLETED, viewModel.getState(), viewModel.statusProperty().get());
        // 36 images / batch 4 = 9 steps per epoch, 2 epochs
        assertEquals(18, lossSizes.get(lossSizes.size() - 1));
        assertTrue(lossSizes.size() >= 2, "the loss curve grew in batches: " + lossSizes);
        for (int i = 1; i < lossSizes.size(); i++) {
            assertTrue(lossSizes.get(i) > lossSizes.get(i - 1), lossSizes.toString());
        }
        CurveChart loss = robot.lookup("#chart-loss").queryAs(CurveChart.class);
        CurveChart accuracy = robot.lookup("#chart-accuracy").queryAs(CurveChart.class);
        CurveChart lr = robot.lookup("#chart-lr").queryAs(CurveChart.class);
        assertEquals(18, fx(() -> loss.itemCount(RunCurves.LOSS)));
        assertEquals(18, fx(() -> loss.itemCount(RunCurves.LOSS_EMA)));
        assertEquals(2, fx(() -> accuracy.itemCount(RunCurves.VAL_TOP1)));
        assertEquals(2, fx(() -> accuracy.itemCount(RunCurves.VAL_TOP5)));
        assertEquals(18, fx(() -> lr.itemCount(RunCurves.LR)));
        assertEquals(1.0, viewModel.progressProperty().get());
        String status = robot.lookup("#train-status").queryAs(Label.class).getText();
        assertTrue(status.startsWith("Completed 2 epochs \u00b7 best val top-1 "), status);
        assertTrue(
                robot.lookup("#train-log").queryAs(TextArea.class).getText().contains("epoch 2/2"));
        Path dir = viewModel.currentRunProperty().get();
        assertEquals(runs, dir.getParent());
        assertTrue(Files.isRegularFile(dir.resolve("model-deploy.pth")));
    }

    @Test
    void stopCancelsTheRunAndResumeContinuesIt(FxRobot robot) throws Exception {
        loadTinyModel(robot);
        setTexts(robot, "#field-epochs", "500", "#field-batch-size", "4");
        await(10, () -> viewModel.canStartBinding().get());
        List<TextField> fields = textFields(robot);
        assertTrue(fields.size() >= 20, "the form's text fields: " + fields.size());
        // before Start only the fields that do not apply are disabled (they say why)
        List<String> notApplying = disabledIds(fields, true);
        assertTrue(notApplying.size() < fields.size() / 2, notApplying.toString());
        robot.clickOn("#train-start");
        await(120, () -> viewModel.curves().loss().size() >= 3);
        assertEquals(List.of(), disabledIds(fields, false), "not editable while training");

        robot.clickOn("#train-stop");

        await(60, () -> viewModel.getState() == TrainState.CANCELLED);
        assertEquals(notApplying, disabledIds(fields, true), "editable again after Stop");
        Path dir = viewModel.currentRunProperty().get();
        assertTrue(Files.readString(dir.resolve("state.json")).contains("\"cancelled\""));
        assertEquals(dir, viewModel.resumeTargetProperty().get());
        assertFalse(robot.lookup("#train-resume").queryButton().isDisabled());
        assertTrue(robot.lookup("#train-stop").queryButton().isDisabled());
        int before = fx(() -> viewModel.curves().loss().size());

        robot.clickOn("#train-resume");

        await(120, () -> viewModel.curves().loss().size() >= before + 3);
        assertEquals(List.of(), disabledIds(fields, false), "not editable while resumed");
        assertEquals(
                TrainViewModel.CUSTOM,
                viewModel.presetProperty().get(),
                "a run of a JSON model resumes as a custom config");
        assertEquals(
                "From run " + dir.getFileName() + " (resumed)",
                robot.lookup("#config-source").queryAs(Label.class).getText());
        assertEquals("500", text(robot, "#field-epochs").getText());
        robot.clickOn("#train-stop");
        await(60, () -> viewModel.getState() == TrainState.CANCELLED);
        List<Double> steps =
                fx(() -> viewModel.curves().loss().points().stream().map(XY::x).toList());
        assertEquals(1.0, steps.get(0), "the resumed run shows its earlier steps too");
        for (int i = 1; i < steps.size(); i++) {
            assertEquals(
                    steps.get(i - 1) + 1, steps.get(i), "steps continue without a gap or repeat");
        }
        assertEquals(dir, viewModel.currentRunProperty().get());
        try (Stream<Path> s = Files.list(runs)) {
            assertEquals(1, s.count(), "resume writes into the same run directory");
        }
    }

    @Test
    void aResumedPresetRunShowsItsPresetAndLaterStartsUseIt(FxRobot robot) throws Exception {
        @SuppressWarnings("unchecked")
        ComboBox<String> preset = robot.lookup("#preset").queryAs(ComboBox.class);
        await(10, () -> !viewModel.dataset().isScanning());
        assertEquals("RepMLPNet-Demo", fx(preset::getValue));
        fxRun(viewModel::fixNumClass);
        setTexts(robot, "#field-epochs", "500", "#field-batch-size", "4");
        await(10, () -> viewModel.canStartBinding().get());
        robot.clickOn("#train-start");
        await(120, () -> viewModel.curves().loss().size() >= 2);
        robot.clickOn("#train-stop");
        await(60, () -> viewModel.getState() == TrainState.CANCELLED);
        Path first = viewModel.currentRunProperty().get();
        // the form is moved off the run's preset before Resume (as a user loading a JSON would)
        dialogs.openFiles.add(tinyModel);
        fxRun(() -> preset.setValue(TrainViewModel.CUSTOM));
        await(10, () -> "tiny".equals(text(robot, "#field-model-name").getText()));
        assertEquals(TrainViewModel.CUSTOM, viewModel.presetProperty().get());

        robot.clickOn("#train-resume");

        await(120, () -> viewModel.getState() == TrainState.RUNNING);
        await(60, () -> "RepMLPNet-Demo".equals(viewModel.presetProperty().get()));
        assertEquals("RepMLPNet-Demo", fx(preset::getValue), "the combo shows the run's preset");
        assertEquals("RepMLPNet-Demo", text(robot, "#field-model-name").getText());
        robot.clickOn("#train-stop");
        await(60, () -> viewModel.getState() == TrainState.CANCELLED);

        // a later Start trains the preset as a fresh run, and the preset can be changed again
        fxRun(() -> {});
        assertTrue(viewModel.canStartBinding().get(), problemTexts().toString());
        robot.clickOn("#train-start");
        await(60, () -> !first.equals(viewModel.currentRunProperty().get()));
        Path second = viewModel.currentRunProperty().get();
        await(60, () -> Files.isRegularFile(second.resolve("config.json")));
        assertTrue(
                Files.readString(second.resolve("config.json")).contains("\"RepMLPNet-Demo\""),
                "the later Start trained the preset's model");
        robot.clickOn("#train-stop");
        await(60, () -> !viewModel.runningProperty().get());
        assertEquals("RepMLPNet-Demo", fx(preset::getValue));
        String other = fx(() -> viewModel.presets().get(0));
        fxRun(() -> preset.setValue(other));
        await(10, () -> other.equals(viewModel.presetProperty().get()));
    }

    // ---- helpers

    private static List<TextField> textFields(FxRobot robot) {
        return List.copyOf(robot.lookup("#launch-form .text-field").queryAllAs(TextField.class));
    }

    private static String name(TextField f) {
        if (f.getId() != null) {
            return f.getId();
        }
        return f.getPromptText() != null ? f.getPromptText() : "text field '" + f.getText() + "'";
    }

    /** The ids (or prompts) of the fields whose disabled state is {@code disabled}. */
    private static List<String> disabledIds(List<TextField> fields, boolean disabled)
            throws Exception {
        return fx(
                () ->
                        fields.stream()
                                .filter(f -> f.isDisabled() == disabled)
                                .map(TrainViewTest::name)
                                .sorted()
                                .toList());
    }

    private void loadTinyModel(FxRobot robot) throws Exception {
        dialogs.openFiles.add(tinyModel);
        @SuppressWarnings("unchecked")
        ComboBox<String> preset = robot.lookup("#preset").queryAs(ComboBox.class);
        fxRun(() -> preset.setValue(TrainViewModel.CUSTOM));
        await(10, () -> "3".equals(viewModel.form().text("model.num_class").get()));
        assertEquals("tiny", text(robot, "#field-model-name").getText());
        assertTrue(
                robot.lookup("#config-source")
                        .queryAs(Label.class)
                        .getText()
                        .startsWith("From tiny-model.json"));
    }

    private static void setTexts(FxRobot robot, String... idsAndTexts) throws Exception {
        fxRun(
                () -> {
                    for (int i = 0; i < idsAndTexts.length; i += 2) {
                        text(robot, idsAndTexts[i]).setText(idsAndTexts[i + 1]);
                    }
                });
    }

    private static TextField text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(TextField.class);
    }

    private static boolean invalid(FxRobot robot, String id) {
        Node n = robot.lookup(id).query();
        return n.getPseudoClassStates().contains(FieldRows.INVALID);
    }

    private List<String> problemTexts() throws Exception {
        return fx(() -> viewModel.problems().stream().map(p -> "\u2022 " + p.message()).toList());
    }
}
