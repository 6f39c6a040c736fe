package dev.repmlp.app.shell;

import static dev.repmlp.app.TrainingFixtures.await;
import static dev.repmlp.app.TrainingFixtures.fx;
import static dev.repmlp.app.TrainingFixtures.fxRun;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.repmlp.app.concurrent.ExecutorJobRunner;
import dev.repmlp.app.tracking.RunsFolder;
import dev.repmlp.app.training.TrainState;
import dev.repmlp.app.training.TrainView;
import dev.repmlp.app.training.TrainViewModel;
import dev.repmlp.app.ui.FileDialogs;
import dev.repmlp.engine.train.DemoDataset;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A measurement, not a check (timed tests are banned here): while a real RepMLPNet-Demo run trains
 * on the bundled Fashion-MNIST subset, how long a page switch takes until the new page is laid out
 * (the first layout pulse that has it on screen), and how long Stop takes until the run's state
 * leaves "running" and until the run has ended. Prints the numbers; asserts only that the run was
 * running and was stopped. Run by hand: {@code -Drepmlp.probe=true -Dtest=ResponsivenessProbeTest}
 * (skipped otherwise); the issue's bar is 0.5 s for both.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "repmlp.probe", matches = "true")
class ResponsivenessProbeTest {
    private final ExecutorJobRunner jobs = ExecutorJobRunner.daemon();
    private MainViewModel viewModel;
    private TrainViewModel train;
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        RunsFolder runs = new RunsFolder(Files.createTempDirectory("repmlp-probe-runs"));
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
    }

    @AfterEach
    void stopJobs() {
        jobs.close();
    }

    @Test
    void pageSwitchesAndStopWhileTraining() throws Exception {
        TrainViewModel model = train;
        await(60, () -> model.canStartBinding().get());
        fxRun(() -> ((TextField) stage.getScene().lookup("#field-epochs")).setText("3"));
        fxRun(() -> ((Button) stage.getScene().lookup("#train-start")).fire());
        await(600, () -> model.curves().loss().size() >= 20);
        assertEquals(TrainState.RUNNING, fx(model::getState));

        // every page twice (the first visit builds it, the second only shows it)
        List<String> lines = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (Page page : Page.values()) {
                double ms = switchTo(page);
                lines.add(
                        String.format(
                                Locale.ROOT,
                                "switch %d to %-8s %6.1f ms (steps so far %d)",
                                round + 1,
                                page.id(),
                                ms,
                                fx(() -> model.curves().loss().size())));
                Thread.sleep(700);
            }
        }
        fxRun(() -> viewModel.selectPage(Page.TRAIN));

        // Stop in the middle of the second epoch
        await(600, () -> model.curves().loss().size() >= 78 + 30);
        AtomicLong clicked = new AtomicLong();
        AtomicLong leftRunning = new AtomicLong();
        AtomicLong ended = new AtomicLong();
        fxRun(
                () -> {
                    model.stateProperty()
                            .addListener(
                                    (obs, was, now) -> {
                                        long t = System.nanoTime();
                                        if (now != TrainState.RUNNING) {
                                            leftRunning.compareAndSet(0, t);
                                        }
                                        if (!now.isActive()) {
                                            ended.compareAndSet(0, t);
                                        }
                                    });
                    clicked.set(System.nanoTime());
                    ((Button) stage.getScene().lookup("#train-stop")).fire();
                });
        await(120, () -> ended.get() != 0);
        lines.add(
                String.format(
                        Locale.ROOT,
                        "stop: state left running after %.1f ms, run ended (%s) after %.1f ms",
                        (leftRunning.get() - clicked.get()) / 1e6,
                        fx(model::getState),
                        (ended.get() - clicked.get()) / 1e6));
        lines.forEach(l -> System.out.println("PROBE " + l));
        assertEquals(TrainState.CANCELLED, fx(model::getState));
    }

    @Test
    void pageSwitchesWithoutTraining() throws Exception {
        await(60, () -> train.canStartBinding().get());
        for (int round = 0; round < 2; round++) {
            for (Page page : Page.values()) {
                System.out.println(
                        String.format(
                                Locale.ROOT,
                                "PROBE idle switch %d to %-8s %6.1f ms",
                                round + 1,
                                page.id(),
                                switchTo(page)));
                Thread.sleep(700);
            }
        }
    }

    @Test
    void stopDuringValidation() throws Exception {
        TrainViewModel model = train;
        await(60, () -> model.canStartBinding().get());
        fxRun(() -> ((TextField) stage.getScene().lookup("#field-epochs")).setText("3"));
        fxRun(() -> ((Button) stage.getScene().lookup("#train-start")).fire());
        // the last step of the first epoch has been reported: validation is running
        AtomicLong clicked = new AtomicLong();
        AtomicLong leftRunning = new AtomicLong();
        AtomicLong ended = new AtomicLong();
        fxRun(
                () -> {
                    model.stateProperty()
                            .addListener(
                                    (obs, was, now) -> {
                                        long t = System.nanoTime();
                                        if (clicked.get() != 0 && now != TrainState.RUNNING) {
                                            leftRunning.compareAndSet(0, t);
                                        }
                                        if (clicked.get() != 0 && !now.isActive()) {
                                            ended.compareAndSet(0, t);
                                        }
                                    });
                    model.curves()
                            .loss()
                            .points()
                            .addListener(
                                    (javafx.collections.ListChangeListener<Object>)
                                            c -> {
                                                if (clicked.get() == 0
                                                        && model.curves().loss().size() >= 78) {
                                                    clicked.set(System.nanoTime());
                                                    ((Button)
                                                                    stage.getScene()
                                                                            .lookup("#train-stop"))
                                                            .fire();
                                                }
                                            });
                });
        await(600, () -> ended.get() != 0);
        System.out.println(
                String.format(
                        Locale.ROOT,
                        "PROBE stop after the epoch's last step (validating): state left running"
                                + " after %.1f ms, run ended (%s) after %.1f ms, val epochs %d",
                        (leftRunning.get() - clicked.get()) / 1e6,
                        fx(model::getState),
                        (ended.get() - clicked.get()) / 1e6,
                        fx(() -> model.curves().valTop1().size())));
    }

    /** Milliseconds from selecting {@code page} to the first layout pulse with it on screen. */
    private double switchTo(Page page) throws Exception {
        AtomicLong start = new AtomicLong();
        AtomicLong done = new AtomicLong();
        fxRun(
                () -> {
                    Runnable[] listener = new Runnable[1];
                    listener[0] =
                            () -> {
                                Node view = stage.getScene().lookup("#" + page.id() + "-view");
                                if (done.get() == 0
                                        && view != null
                                        && view.getScene() != null
                                        && view.getLayoutBounds().getWidth() > 0) {
                                    done.set(System.nanoTime());
                                    stage.getScene().removePostLayoutPulseListener(listener[0]);
                                }
                            };
                    stage.getScene().addPostLayoutPulseListener(listener[0]);
                    start.set(System.nanoTime());
                    viewModel.selectPage(page);
                });
        await(30, () -> done.get() != 0);
        return (done.get() - start.get()) / 1e6;
    }
}
