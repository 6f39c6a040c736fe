package dev.repmlp.app.shell;

import static dev.repmlp.app.FxTesting.awaitFx;
import static dev.repmlp.app.FxTesting.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.engine.EngineInfo;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The main window as a user sees it, with a fake device probe (no libtorch needed). */
@ExtendWith(ApplicationExtension.class)
class MainViewTest {
    private static final long MIB = 1024L * 1024L;
    private static final EngineInfo CPU_ENGINE =
            new EngineInfo("9.9.9", "0.33.0", "PyTorch", "2.5.1", 8, List.of());

    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorJobRunner jobRunner = ExecutorJobRunner.daemon();
    private Callable<EngineInfo> probe = () -> CPU_ENGINE;
    private MainViewModel viewModel;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        viewModel =
                new MainViewModel(
                        jobRunner,
                        () -> probe.call(),
                        () -> new HeapUsage(300 * MIB, 4096 * MIB),
                        "9.9.9");
        MainWindow.install(stage, viewModel, new FeaturePages(jobRunner));
        stage.show();
    }

    @AfterEach
    void stopJobs() {
        release.countDown();
        jobRunner.close();
    }

    @Test
    void titleNamesTheVersion() {
        assertEquals("RepMLP Workbench 9.9.9", stage.getTitle());
    }

    @Test
    void windowHasTheAppIconInEverySize() {
        assertEquals(5, stage.getIcons().size());
    }

    @Test
    void navigationListsTheFivePagesInOrder(FxRobot robot) {
        ListView<?> nav = robot.lookup("#nav").queryAs(ListView.class);
        assertEquals(Arrays.asList(Page.values()), List.copyOf(nav.getItems()));
        for (Page page : Page.values()) {
            assertEquals(page.title(), robot.lookup("#nav-" + page.id()).queryLabeled().getText());
        }
    }

    @Test
    void trainPageIsShownAtStart(FxRobot robot) {
        assertTrue(robot.lookup("#train-view").tryQuery().isPresent());
    }

    @ParameterizedTest
    @EnumSource(Page.class)
    void clickingAnEntryShowsItsPage(Page page, FxRobot robot) {
        robot.clickOn("#nav-" + page.id());

        Node view = robot.lookup("#content").lookup("#" + page.id() + "-view").query();
        Label heading = robot.from(view).lookup(".page-heading").queryAs(Label.class);
        assertEquals(page.title(), heading.getText());
        assertTrue(view.isVisible());
        assertEquals(page, viewModel.getSelectedPage());
        assertEquals(
                1, robot.lookup("#content").queryAs(Parent.class).getChildrenUnmodifiable().size());
    }

    @Test
    void revisitedPageKeepsItsView(FxRobot robot) {
        robot.clickOn("#nav-kernels");
        Node first = robot.lookup("#kernels-view").query();

        robot.clickOn("#nav-runs").clickOn("#nav-kernels");

        assertSame(first, robot.lookup("#kernels-view").query());
    }

    @Test
    void statusBarSaysDetectingUntilTheDeviceIsKnown(FxRobot robot) throws Exception {
        probe =
                () -> {
                    release.await();
                    return CPU_ENGINE;
                };

        onFx(
                () -> {
                    viewModel.detectDevice();
                    return null;
                });

        awaitFx(() -> text(robot, "#status-jobs").equals("1 job running: Detecting device"));
        assertEquals("detecting device...", text(robot, "#status-device"));

        release.countDown();

        awaitFx(() -> text(robot, "#status-device").equals("CPU (8 threads)"));
        awaitFx(() -> text(robot, "#status-jobs").equals("idle"));
    }

    @Test
    void statusBarSaysWhyTheEngineIsUnavailableAndTheAppKeepsWorking(FxRobot robot)
            throws Exception {
        probe =
                () -> {
                    throw new UnsatisfiedLinkError("no torch in java.library.path");
                };

        onFx(
                () -> {
                    viewModel.detectDevice();
                    return null;
                });

        awaitFx(
                () ->
                        text(robot, "#status-device")
                                .equals("Engine unavailable: no torch in java.library.path"));
        robot.clickOn("#nav-classify");
        assertTrue(robot.lookup("#classify-view").tryQuery().isPresent());
    }

    @Test
    void statusBarCountsJobsSubmittedThroughTheRunner(FxRobot robot) throws Exception {
        awaitFx(() -> text(robot, "#status-jobs").equals("idle"));

        jobRunner.submit(
                "Training demo",
                context -> {
                    release.await();
                    return null;
                });
        awaitFx(() -> text(robot, "#status-jobs").equals("1 job running: Training demo"));

        jobRunner.submit(
                "Export",
                context -> {
                    release.await();
                    return null;
                });
        awaitFx(() -> text(robot, "#status-jobs").equals("2 jobs running: Training demo, Export"));

        release.countDown();
        awaitFx(() -> text(robot, "#status-jobs").equals("idle"));
    }

    @Test
    void statusBarShowsHeapUsage(FxRobot robot) throws Exception {
        awaitFx(() -> text(robot, "#status-memory").equals("Memory 300 / 4096 MB"));
    }

    private static String text(FxRobot robot, String query) {
        return robot.lookup(query).queryLabeled().getText();
    }
}
