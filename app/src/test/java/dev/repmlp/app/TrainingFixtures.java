package dev.repmlp.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repmlp.app.ui.FileDialogs;
import dev.repmlp.engine.model.RepMlpNetConfig;
import dev.repmlp.engine.runs.EpochMetrics;
import dev.repmlp.engine.runs.RunDirectory;
import dev.repmlp.engine.runs.RunState;
import dev.repmlp.engine.runs.RunStatus;
import dev.repmlp.engine.runs.StepMetrics;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Files and waits for the Train and Runs page tests: a tiny ImageFolder dataset (3 classes of
 * coloured 20x20 PNGs, as the engine's {@code TinyDataset}), a tiny model config, hand-written run
 * directories, and file dialogs that answer without a window.
 */
public final class TrainingFixtures {
    public static final List<String> CLASSES = List.of("blue", "green", "red");

    /**
     * A model for 16x16 inputs and 3 classes that trains in well under a second per epoch (the
     * engine tests' {@code TestModels.tiny()}).
     */
    public static final RepMlpNetConfig TINY =
            RepMlpNetConfig.builder()
                    .name("tiny")
                    .numClass(3)
                    .numBlocks(1, 1)
                    .channels(8, 16)
                    .hs(4, 2)
                    .ws(4, 2)
                    .sharesetsNums(2, 4)
                    .reparamConvK(1, 3)
                    .imageSize(16)
                    .build();

    /** {@link #TINY} as a model JSON file holds it. */
    public static final String TINY_MODEL = TINY.toJson();

    private TrainingFixtures() {}

    /** Writes {@code root/{train,val}/{blue,green,red}/i.png}; returns {@code root}. */
    public static Path tinyDataset(Path root, int trainPerClass, int valPerClass)
            throws IOException {
        Random r = new Random(7);
        for (String split : List.of("train", "val")) {
            int n = split.equals("train") ? trainPerClass : valPerClass;
            for (int c = 0; c < CLASSES.size(); c++) {
                Path d = Files.createDirectories(root.resolve(split).resolve(CLASSES.get(c)));
                for (int i = 0; i < n; i++) {
                    BufferedImage img = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < 20; y++) {
                        for (int x = 0; x < 20; x++) {
                            int[] rgb = {r.nextInt(120), r.nextInt(120), r.nextInt(120)};
                            rgb[2 - c] += 120;
                            img.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
                        }
                    }
                    ImageIO.write(img, "png", d.resolve(i + ".png").toFile());
                }
            }
        }
        return root;
    }

    /** Writes {@link #TINY_MODEL} to {@code file}. */
    public static Path tinyModel(Path file) throws IOException {
        return Files.writeString(file, TINY_MODEL);
    }

    /** A run directory as the engine writes it, with {@code epochs} epochs of 4 steps. */
    public static Path run(Path dir, String preset, String status, int epochs, int epochsDone)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("config.json"),
                "{\"format\": \"repmlp-workbench-run/1\", \"training\": {\"model\": {\"name\": \""
                        + preset
                        + "\"}, \"epochs\": "
                        + epochs
                        + "}, \"dataset\": \"/data/tiny\", \"classes\": [\"a\", \"b\"]}");
        for (int e = 0; e < epochsDone; e++) {
            appendEpoch(dir, e, 4);
        }
        state(dir, status, epochsDone, epochs, epochsDone == 0 ? Double.NaN : 50 + epochsDone);
        return dir;
    }

    /**
     * A run directory written by the engine's own run writer ({@link RunDirectory}, as {@code
     * repmlp train} writes one): config, {@code done} epochs of 4 steps each and the state.
     */
    public static Path engineRun(
            Path dir, String preset, String dataset, RunStatus status, int epochs, int done)
            throws IOException {
        try (RunDirectory run = RunDirectory.open(dir)) {
            ObjectNode config = RunDirectory.object();
            config.put("format", "repmlp-workbench-run/1");
            ObjectNode training = config.putObject("training");
            training.putObject("model").put("name", preset);
            training.put("epochs", epochs);
            config.put("dataset", dataset);
            config.putArray("classes").add("a").add("b");
            run.writeConfig(config);
            double best = Double.NaN;
            for (int e = 0; e < done; e++) {
                for (int s = 0; s < 4; s++) {
                    run.step(new StepMetrics(e, s, 4, 2.0 / (1 + e * 4 + s), 1e-3, 50, s + 1));
                }
                best = 61.25 + e;
                run.epoch(new EpochMetrics(e, 1.0, 40 + e, 0.9, best, 100, 1.5), Double.NaN);
            }
            run.writeState(new RunState(status, done, epochs, best));
        }
        return dir;
    }

    /** Appends the 4 step records and the epoch record of epoch {@code e}. */
    public static void appendEpoch(Path dir, int e, int stepsPerEpoch) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int s = 0; s < stepsPerEpoch; s++) {
            b.append(step(e, s, stepsPerEpoch, 2.0 / (1 + e * stepsPerEpoch + s)));
        }
        b.append(
                String.format(
                        Locale.ROOT,
                        "{\"type\":\"epoch\",\"epoch\":%d,\"train_loss\":%.3f,\"train_top1\":%.1f,"
                                + "\"val_loss\":%.3f,\"val_top1\":%.1f,\"val_top5\":100.0,"
                                + "\"seconds\":1.5}%n",
                        e,
                        1.0 / (e + 1),
                        40.0 + e,
                        0.9 / (e + 1),
                        50.0 + e + 1));
        append(dir, b.toString());
    }

    /** One step record line. */
    public static String step(int epoch, int step, int stepsPerEpoch, double loss) {
        return String.format(
                Locale.ROOT,
                "{\"type\":\"step\",\"epoch\":%d,\"step\":%d,\"steps_per_epoch\":%d,\"loss\":%.4f,"
                        + "\"lr\":%.6f,\"images_per_sec\":100.0,\"time\":%.1f}%n",
                epoch,
                step,
                stepsPerEpoch,
                loss,
                0.001 * (1 + step),
                0.5 * (epoch * stepsPerEpoch + step + 1));
    }

    /** Appends {@code text} to the run's metrics.jsonl, as a writer in another process would. */
    public static void append(Path dir, String text) throws IOException {
        Files.writeString(
                dir.resolve("metrics.jsonl"),
                text,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Writes state.json. */
    public static void state(Path dir, String status, int done, int epochs, double best)
            throws IOException {
        Files.writeString(
                dir.resolve("state.json"),
                "{\"status\": \""
                        + status
                        + "\", \"epochs_done\": "
                        + done
                        + ", \"epochs\": "
                        + epochs
                        + ", \"best_val_top1\": "
                        + (Double.isNaN(best) ? "null" : Double.toString(best))
                        + "}");
    }

    /** Runs {@code action} on the FX thread and returns its result. */
    public static <T> T fx(Callable<T> action) throws Exception {
        return FxTesting.onFx(action);
    }

    /** Runs {@code action} on the FX thread. */
    public static void fxRun(Runnable action) throws Exception {
        FxTesting.onFx(
                () -> {
                    action.run();
                    return null;
                });
    }

    /** Waits up to {@code seconds} until {@code condition}, evaluated on the FX thread, holds. */
    public static void await(long seconds, BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(
                seconds, TimeUnit.SECONDS, () -> FxTesting.onFx(condition::getAsBoolean));
    }

    /** File dialogs that answer from queues, as if the user had picked these paths. */
    public static final class Answers implements FileDialogs {
        public final Deque<Path> directories = new ArrayDeque<>();
        public final Deque<Path> openFiles = new ArrayDeque<>();
        public final Deque<Path> saveFiles = new ArrayDeque<>();

        @Override
        public Optional<Path> chooseDirectory(Window owner, String title, Path initial) {
            return Optional.ofNullable(directories.poll());
        }

        @Override
        public Optional<Path> chooseFileToOpen(
                Window owner, String title, Path initial, String filter, List<String> patterns) {
            return Optional.ofNullable(openFiles.poll());
        }

        @Override
        public List<Path> chooseFilesToOpen(
                Window owner, String title, Path initial, String filter, List<String> patterns) {
            Path p = openFiles.poll();
            return p == null ? List.of() : List.of(p);
        }

        @Override
        public Optional<Path> chooseFileToSave(
                Window owner,
                String title,
                Path initial,
                String name,
                String filter,
                List<String> patterns) {
            return Optional.ofNullable(saveFiles.poll());
        }
    }
}
