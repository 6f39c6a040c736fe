package dev.repmlp.app.shell;

import static dev.repmlp.app.FxTesting.onFx;
import static dev.repmlp.app.InferenceTesting.awaitModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.engine.Assets;
import dev.repmlp.engine.EngineInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** {@code --smoke-test}'s logic in the real main window, without exiting the JVM. */
@ExtendWith(ApplicationExtension.class)
class SmokeCheckTest {
    private final ExecutorJobRunner jobRunner = ExecutorJobRunner.daemon();
    private final AtomicInteger status = new AtomicInteger(-1);
    private MainViewModel main;
    private FeaturePages pages;

    @Start
    void start(Stage stage) {
        main =
                new MainViewModel(
                        jobRunner,
                        () -> new EngineInfo("9.9.9", "0.33.0", "PyTorch", "2.5.1", 2, List.of()),
                        HeapUsage::current,
                        "9.9.9");
        pages = FeaturePages.forApp(jobRunner, dev.repmlp.app.ui.Settings.inMemory());
        MainWindow.install(stage, main, pages);
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        awaitModel(() -> !pages.classifyViewModel().isBusy());
        jobRunner.close();
    }

    @Test
    void demoModelClassifiesTheSneakerSample(FxRobot robot) throws Exception {
        SmokeCheck check = onFx(() -> SmokeCheck.forApp(main, pages.classifyViewModel()));

        onFx(
                () -> {
                    check.start(status::set);
                    return null;
                });
        awaitModel(() -> status.get() != -1);

        assertEquals(0, status.get(), check.outcome());
        assertTrue(
                check.outcome()
                        .startsWith(
                                "Smoke test passed: RepMLPNet-Demo classifies sneaker-1.png as "),
                check.outcome());
        assertEquals(Page.CLASSIFY, main.getSelectedPage());
        assertTrue(robot.lookup("#classify-view").tryQuery().isPresent());
    }

    @Test
    void corruptModelFailsWithTheReason(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.pth"), "nope");
        SmokeCheck check =
                new SmokeCheck(
                        main,
                        pages.classifyViewModel(),
                        broken,
                        Assets.require("sample-images/fashion-mnist/bag-1.png"),
                        SmokeCheck.TIMEOUT);

        onFx(
                () -> {
                    check.start(status::set);
                    return null;
                });
        awaitModel(() -> status.get() != -1);

        assertEquals(1, status.get());
        assertTrue(
                check.outcome().startsWith("Smoke test FAILED: Could not load broken.pth"),
                check.outcome());
    }

    @Test
    void missingFilesFailAtOnceWithAHint() throws Exception {
        SmokeCheck check =
                new SmokeCheck(main, pages.classifyViewModel(), null, null, SmokeCheck.TIMEOUT);

        onFx(
                () -> {
                    check.start(status::set);
                    return null;
                });

        assertEquals(1, status.get());
        assertTrue(check.outcome().contains("was not found"), check.outcome());
        assertTrue(check.outcome().contains("repmlp.home"), check.outcome());
    }

    @Test
    void tooSlowFails() throws Exception {
        SmokeCheck check =
                new SmokeCheck(
                        main,
                        pages.classifyViewModel(),
                        Assets.require(Assets.DEMO_MODEL),
                        Assets.require("sample-images/fashion-mnist/bag-1.png"),
                        Duration.millis(1));

        onFx(
                () -> {
                    check.start(status::set);
                    return null;
                });
        awaitModel(() -> status.get() != -1);

        assertEquals(1, status.get());
        assertTrue(check.outcome().contains("timed out"), check.outcome());
    }
}
