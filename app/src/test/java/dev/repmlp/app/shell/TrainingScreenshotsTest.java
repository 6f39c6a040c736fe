package dev.repmlp.app.shell;

import static dev.repmlp.app.TrainingFixtures.await;
import static dev.repmlp.app.TrainingFixtures.fx;
import static dev.repmlp.app.TrainingFixtures.fxRun;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.app.runs.RunRow;
import dev.repmlp.app.tracking.RunsFolder;
import dev.repmlp.app.training.TrainState;
import dev.repmlp.app.training.TrainView;
import dev.repmlp.app.training.TrainViewModel;
import dev.repmlp.app.ui.FileDialogs;
import dev.repmlp.engine.train.DemoDataset;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Screenshots of the Train page during a real demo run and of the Runs page with that run opened,
 * for the docs: {@code app/scripts/screenshots-training.sh} runs it with {@code
 * -Dscreenshots.dir=DIR}; without that property it is skipped. It trains RepMLPNet-Demo on the
 * bundled Fashion-MNIST subset for 3 epochs (a few minutes on a laptop CPU), shoots {@code
 * train.png} in the third epoch, then stops a second run after its first epoch, so the Runs page
 * lists a completed and a cancelled run, and shoots {@code runs.png} with the first opened.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "screenshots.dir", matches = ".+")
class TrainingScreenshotsTest {
    private static final long MINUTES = 60;

    private final ExecutorJobRunner jobs = ExecutorJobRunner.daemon();
    private MainViewModel viewModel;
    private TrainViewModel train;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        RunsFolder runs = new RunsFolder(Files.createTempDirectory("repmlp-screenshot-runs"));
        FeaturePages pages =
                new FeaturePages(jobs, null, runs, FileDialogs.system(), DemoDataset::locate);
        viewModel = new MainViewModel(jobs);
        MainWindow.install(
                stage,
                viewModel,
                page -> {
                    if (page == Page.TRAIN) {
                        train = new TrainViewModel(jobs, runs, DemoDataset::locate);
                        return new TrainView(train, FileDialogs.system());
                    }
                    return pages.create(page);
                });
        stage.show();
        viewModel.detectDevice();
    }

    @AfterEach
    void stopJobs() {
        jobs.close();
    }

    @Test
    void trainAndRunsPagesWithARealRun() throws Exception {
        Path out = Path.of(System.getProperty("screenshots.dir")).toAbsolutePath();
        Files.createDirectories(out);
        TrainViewModel model = train;
        await(60, () -> model.canStartBinding().get());

        setText("#field-epochs", "3");
        click("#train-start");
        await(
                30 * MINUTES,
                () ->
                        model.curves().valTop1().size() == 2
                                        && model.curves().loss().size() >= 2.4 * 78
                                || model.getState() == TrainState.FAILED);
        assertEquals(TrainState.RUNNING, model.getState(), model.statusProperty().get());
        Thread.sleep(500);
        save(out.resolve("train.png"));
        await(30 * MINUTES, () -> !model.getState().isActive());
        assertEquals(TrainState.COMPLETED, model.getState(), model.statusProperty().get());

        setText("#field-base-lr", "0.008");
        click("#train-start");
        await(
                30 * MINUTES,
                () -> model.curves().valTop1().size() == 1 && model.curves().loss().size() > 90);
        click("#train-stop");
        await(10 * MINUTES, () -> !model.getState().isActive());

        fxRun(() -> viewModel.selectPage(Page.RUNS));
        // the table appears in the scene graph once the split pane has its skin
        await(10, () -> stage.getScene().lookup("#runs-table") != null);
        @SuppressWarnings("unchecked")
        TableView<RunRow> table = (TableView<RunRow>) stage.getScene().lookup("#runs-table");
        await(60, () -> table.getItems().size() == 2);
        fxRun(
                () -> {
                    table.getSelectionModel().select(1);
                    ((Button) stage.getScene().lookup("#runs-open")).fire();
                });
        await(60, this::openedHasPoints);
        Thread.sleep(800);
        save(out.resolve("runs.png"));
    }

    private boolean openedHasPoints() {
        Node chart = stage.getScene().lookup("#runs-view").lookup("#chart-accuracy");
        return chart != null
                && ((dev.repmlp.app.charts.CurveChart) chart).itemCount("val top-1") == 3;
    }

    private void setText(String id, String text) throws Exception {
        fxRun(() -> ((TextField) stage.getScene().lookup(id)).setText(text));
    }

    private void click(String id) throws Exception {
        fxRun(() -> ((Button) stage.getScene().lookup(id)).fire());
    }

    private void save(Path file) throws Exception {
        BufferedImage rgba =
                fx(() -> SwingFXUtils.fromFXImage(stage.getScene().snapshot(null), null));
        BufferedImage rgb =
                new BufferedImage(rgba.getWidth(), rgba.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(rgba, 0, 0, null);
        g.dispose();
        ImageIO.write(rgb, "png", file.toFile());
    }
}
