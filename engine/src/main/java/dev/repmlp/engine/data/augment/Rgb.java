package dev.repmlp.engine.data.augment;

/**
 * One 8-bit RGB colour, used as the fill of geometric operations and cutout.
 *
 * @param r red 0..255
 * @param g green 0..255
 * @param b blue 0..255
 */
public record Rgb(int r, int g, int b) {

    /** Validates the channel range. */
    public Rgb {
        if ((r | g | b) < 0 || r > 255 || g > 255 || b > 255) {
            throw new IllegalArgumentException("channel out of 0..255: " + r + "," + g + "," + b);
        }
    }

    /** Channel {@code c} (0 red, 1 green, 2 blue). */
    public int channel(int c) {
        return c == 0 ? r : c == 1 ? g : b;
    }
}
