package dev.repmlp.app.inference;

import dev.repmlp.app.ui.PixelImages;
import dev.repmlp.engine.data.RgbImage;
import javafx.scene.image.Image;

/** The network's input as an image to show: blown up with nearest-neighbour. */
public final class Previews {
    /** The size previews are blown up to (at most; by a whole factor). */
    public static final int SIZE = 96;

    private Previews() {}

    /** The preview of {@code input}, or null when there is none. */
    public static Image of(RgbImage input) {
        if (input == null) {
            return null;
        }
        return PixelImages.enlarge(input.width(), input.height(), input.rgb(), SIZE);
    }

    /** "32×32 input (resized + centre-cropped)". */
    public static String caption(RgbImage input) {
        return input == null ? "" : input.width() + "×" + input.height() + " input";
    }
}
