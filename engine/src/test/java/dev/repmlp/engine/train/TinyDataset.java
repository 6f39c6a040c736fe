package dev.repmlp.engine.train;

import dev.repmlp.engine.TestModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** A small synthetic ImageFolder (3 classes told apart by colour) and a tiny model for it. */
public final class TinyDataset {
    private TinyDataset() {}

    public static final List<String> CLASSES = List.of("blue", "green", "red");

    public static Path write(Path root, int trainPerClass, int valPerClass) throws IOException {
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
                            rgb[2 - c] += 120; // blue, green, red dominate in turn
                            img.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
                        }
                    }
                    ImageIO.write(img, "png", d.resolve(i + ".png").toFile());
                }
            }
        }
        return root;
    }

    static TrainingConfig config(Path data, int epochs) {
        return TrainingConfig.demo().toBuilder()
                .model(TestModels.tiny())
                .dataPath(data.toString())
                .epochs(epochs)
                .batchSize(8)
                .warmupEpochs(1)
                .augPreset("weak")
                .build();
    }
}
