package dev.repmlp.app.ui;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application icon (a fully connected matrix with its 3x3 locality band highlighted) in the
 * sizes built by {@code assets/icons/make_icons.py}.
 */
public final class AppIcons {
    /** Sizes shipped under {@code /icons/repmlp-<size>.png}. */
    public static final int[] SIZES = {16, 32, 64, 128, 256};

    private static final Logger LOG = LoggerFactory.getLogger(AppIcons.class);

    private AppIcons() {}

    /** All sizes, smallest first, for {@code Stage.getIcons()}; missing ones are skipped. */
    public static List<Image> all() {
        List<Image> images = new ArrayList<>();
        for (int size : SIZES) {
            Image image = load(size);
            if (image != null) {
                images.add(image);
            }
        }
        return images;
    }

    /** One size, or {@code null} when it is not on the class path. */
    public static Image load(int size) {
        String path = "/icons/repmlp-" + size + ".png";
        try (InputStream in = AppIcons.class.getResourceAsStream(path)) {
            if (in == null) {
                LOG.warn("App icon {} is missing from the class path", path);
                return null;
            }
            return new Image(in);
        } catch (IOException e) {
            LOG.warn("Could not read app icon {}", path, e);
            return null;
        }
    }
}
