package dev.repmlp.app.shell;

import dev.repmlp.app.classify.ClassifiedImage;
import dev.repmlp.app.classify.ClassifyViewModel;
import dev.repmlp.app.inference.Samples;
import dev.repmlp.app.ui.ScoreBars;
import dev.repmlp.engine.Assets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;
import javafx.animation.PauseTransition;
import javafx.beans.value.ChangeListener;
import javafx.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --smoke-test}, for installers: with the main window open, shows the classify page, loads
 * the bundled demo model, classifies one sample image ({@code sneaker-1.png} or the first found)
 * and logs the prediction. Reports 0 on success, 1 with a logged reason on failure or after {@link
 * #TIMEOUT}. Bundled files are found through {@link Assets} ({@code repmlp.home}), so it works from
 * any working directory.
 */
public final class SmokeCheck {
    /** Longest the check may take, libtorch start-up included. */
    public static final Duration TIMEOUT = Duration.seconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(SmokeCheck.class);

    private final MainViewModel main;
    private final ClassifyViewModel classify;
    private final Path weights;
    private final Path image;
    private final Duration timeout;
    private IntConsumer onDone;
    private boolean done;
    private String outcome = "";

    /**
     * @param weights the model to load; null when not found
     * @param image the image to classify; null when not found
     */
    public SmokeCheck(
            MainViewModel main,
            ClassifyViewModel classify,
            Path weights,
            Path image,
            Duration timeout) {
        this.main = Objects.requireNonNull(main, "main");
        this.classify = Objects.requireNonNull(classify, "classify");
        this.weights = weights;
        this.image = image;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** The app's check: the bundled demo model and sample image. */
    public static SmokeCheck forApp(MainViewModel main, ClassifyViewModel classify) {
        return new SmokeCheck(
                main,
                classify,
                Assets.locate(Assets.DEMO_MODEL).orElse(null),
                Samples.smokeImage().orElse(null),
                TIMEOUT);
    }

    /**
     * Starts the check on the FX thread; returns at once.
     *
     * @param onDone called once on the FX thread with 0 (passed) or 1 (failed)
     */
    public void start(IntConsumer onDone) {
        this.onDone = Objects.requireNonNull(onDone, "onDone");
        LOG.info("Smoke test: home {}", System.getProperty("repmlp.home", "(not set)"));
        if (weights == null) {
            fail("the bundled demo model " + Assets.DEMO_MODEL + " was not found" + homeHint());
            return;
        }
        if (image == null) {
            fail("no sample image found under " + Assets.SAMPLE_IMAGES + homeHint());
            return;
        }
        PauseTransition limit = new PauseTransition(timeout);
        limit.setOnFinished(
                event -> fail("timed out after " + timeout.toSeconds() + " s: " + status()));
        limit.play();

        ChangeListener<Boolean> whenIdle =
                (obs, was, busy) -> {
                    if (!busy) {
                        limit.stop();
                        check();
                    }
                };
        classify.busyProperty().addListener(whenIdle);
        classify.loadModel(weights);
        main.selectPage(Page.CLASSIFY);
        classify.classify(List.of(image));
        if (!classify.isBusy() && !done) {
            // a same-thread job runner has done everything already
            limit.stop();
            check();
        }
    }

    /** What happened: the prediction or the reason for failing; "" while running. */
    public String outcome() {
        return outcome;
    }

    private void check() {
        if (done) {
            return;
        }
        if (!classify.getError().isEmpty()) {
            fail(classify.getError());
            return;
        }
        List<ClassifiedImage> results = classify.getResults();
        if (results.size() != 1) {
            fail("expected 1 result, got " + results.size());
            return;
        }
        ClassifiedImage r = results.get(0);
        Optional<String> top1 =
                r.top1().map(g -> g.label() + " (" + ScoreBars.percent(g.probability()) + ")");
        if (!r.ok() || top1.isEmpty()) {
            fail(r.name() + ": " + r.error());
            return;
        }
        finish(
                0,
                "Smoke test passed: "
                        + classify.getModelName()
                        + " classifies "
                        + r.name()
                        + " as "
                        + top1.get()
                        + ", forward pass "
                        + r.time());
    }

    private void fail(String reason) {
        finish(1, "Smoke test FAILED: " + reason);
    }

    private void finish(int status, String message) {
        if (done) {
            return;
        }
        done = true;
        outcome = message;
        if (status == 0) {
            LOG.info(message);
        } else {
            LOG.error(message);
        }
        onDone.accept(status);
    }

    private String status() {
        String s = classify.statusProperty().get();
        return s.isEmpty() ? "no job running" : s;
    }

    private static String homeHint() {
        return " (looked in -Drepmlp.home="
                + System.getProperty("repmlp.home", "<not set>")
                + ", the working directory and the code's location)";
    }
}
