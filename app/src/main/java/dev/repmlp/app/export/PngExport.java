package dev.repmlp.app.export;

import dev.repmlp.engine.io.AtomicFiles;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import javax.imageio.ImageIO;

/**
 * Saves a snapshot of a view as an opaque RGB PNG, atomically: through a temporary file in the
 * target's folder and a rename ({@link AtomicFiles}), so an existing file is either kept whole or
 * replaced whole, never left half written. Safe on any thread; meant for a background job, with the
 * snapshot taken on the FX thread beforehand ({@code Node.snapshot} must run there).
 */
public final class PngExport {
    private PngExport() {}

    /**
     * Writes {@code snapshot} to {@code file} as an opaque RGB PNG.
     *
     * @return {@code file}
     * @throws IOException naming {@code file} when it cannot be written (the old file is kept)
     */
    public static Path write(Image snapshot, Path file) throws IOException {
        Objects.requireNonNull(snapshot, "snapshot");
        return write(SwingFXUtils.fromFXImage(snapshot, null), file);
    }

    /**
     * Writes {@code image} to {@code file} as an opaque RGB PNG: any alpha is dropped (drawn over
     * black), since PNG viewers show premultiplied snapshots inconsistently.
     *
     * @return {@code file}
     * @throws IOException naming {@code file} when it cannot be written (the old file is kept)
     */
    public static Path write(BufferedImage image, Path file) throws IOException {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(file, "file");
        BufferedImage rgb = opaque(image);
        AtomicFiles.write(
                file,
                out -> {
                    if (!ImageIO.write(rgb, "png", out)) {
                        throw new IOException("no PNG writer available in this Java runtime");
                    }
                });
        return file;
    }

    private static BufferedImage opaque(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb =
                new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return rgb;
    }
}
