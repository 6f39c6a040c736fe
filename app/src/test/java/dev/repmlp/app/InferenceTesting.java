package dev.repmlp.app;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import org.testfx.util.WaitForAsyncUtils;

/** Helpers for tests that run real models behind the GUI: long waits, dropping files. */
public final class InferenceTesting {
    /** Long enough for libtorch's first start on a busy machine. */
    public static final long MODEL_TIMEOUT_SECONDS = 90;

    private InferenceTesting() {}

    /** Waits until {@code condition}, evaluated on the FX thread, holds. */
    public static void awaitModel(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(
                MODEL_TIMEOUT_SECONDS,
                TimeUnit.SECONDS,
                () -> FxTesting.onFx(condition::getAsBoolean));
    }

    /** Drops {@code files} on {@code target} as a file manager would (FX thread). */
    public static void dropFiles(Node target, List<Path> files) throws Exception {
        Dragboard board = mock(Dragboard.class);
        List<File> asFiles = files.stream().map(Path::toFile).toList();
        when(board.hasFiles()).thenReturn(true);
        when(board.getFiles()).thenReturn(asFiles);
        when(board.getTransferModes()).thenReturn(Set.of(TransferMode.COPY_OR_MOVE));
        FxTesting.onFx(
                () -> {
                    Event.fireEvent(target, drag(DragEvent.DRAG_OVER, target, board));
                    Event.fireEvent(target, drag(DragEvent.DRAG_DROPPED, target, board));
                    return null;
                });
    }

    private static DragEvent drag(
            javafx.event.EventType<DragEvent> type, Node target, Dragboard board) {
        return new DragEvent(
                target, target, type, board, 10, 10, 10, 10, TransferMode.COPY, null, target, null);
    }
}
