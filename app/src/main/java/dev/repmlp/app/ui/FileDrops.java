package dev.repmlp.app.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;

/** Makes a node accept dropped files and folders; it shows {@code :drag-over} meanwhile. */
public final class FileDrops {
    private static final PseudoClass DRAG_OVER = PseudoClass.getPseudoClass("drag-over");

    private FileDrops() {}

    /** Hands the paths of files dropped on {@code target} to {@code onDrop}. */
    public static void install(Node target, Consumer<List<Path>> onDrop) {
        target.addEventHandler(
                DragEvent.DRAG_OVER,
                event -> {
                    if (event.getDragboard().hasFiles()) {
                        event.acceptTransferModes(TransferMode.COPY_OR_MOVE);
                        event.consume();
                    }
                });
        target.addEventHandler(
                DragEvent.DRAG_ENTERED,
                event -> target.pseudoClassStateChanged(DRAG_OVER, hasFiles(event)));
        target.addEventHandler(
                DragEvent.DRAG_EXITED, event -> target.pseudoClassStateChanged(DRAG_OVER, false));
        target.addEventHandler(
                DragEvent.DRAG_DROPPED,
                event -> {
                    target.pseudoClassStateChanged(DRAG_OVER, false);
                    boolean done = drop(event.getDragboard(), onDrop);
                    event.setDropCompleted(done);
                    event.consume();
                });
    }

    /** Hands the dragboard's files to {@code onDrop}; false when it holds none. */
    public static boolean drop(Dragboard board, Consumer<List<Path>> onDrop) {
        if (board == null || !board.hasFiles() || board.getFiles().isEmpty()) {
            return false;
        }
        onDrop.accept(board.getFiles().stream().map(File::toPath).toList());
        return true;
    }

    private static boolean hasFiles(DragEvent event) {
        return event.getDragboard() != null && event.getDragboard().hasFiles();
    }
}
