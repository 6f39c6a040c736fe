package dev.repmlp.app.compare;

import dev.repmlp.app.ui.Guess;
import dev.repmlp.app.ui.ScoreBars;
import java.util.List;
import java.util.function.Function;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** The cells of the compare table: the image, one model's answer, the difference. */
final class CompareCells {
    private static final double PREVIEW = 96;
    private static final PseudoClass DIFFERS = PseudoClass.getPseudoClass("differs");

    private CompareCells() {}

    /** The network's input (nearest-neighbour), the file name and the input size. */
    static final class ImageCell extends TableCell<ComparedImage, ComparedImage> {
        private final ImageView preview = new ImageView();
        private final Label name = new Label();
        private final Label caption = new Label();
        private final VBox box;

        ImageCell() {
            preview.setPreserveRatio(true);
            StackPane frame = new StackPane(preview);
            frame.getStyleClass().add("preview-frame");
            frame.setMinSize(PREVIEW + 8, PREVIEW + 8);
            frame.setMaxSize(PREVIEW + 8, PREVIEW + 8);
            name.getStyleClass().add("prediction-name");
            caption.getStyleClass().add("preview-caption");
            box = new VBox(4, frame, name, caption);
            box.setAlignment(Pos.TOP_LEFT);
        }

        @Override
        protected void updateItem(ComparedImage item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            if (empty || item == null) {
                setGraphic(null);
                setTooltip(null);
                return;
            }
            preview.setImage(item.input());
            if (item.input() != null) {
                double w = item.input().getWidth();
                double h = item.input().getHeight();
                double s = Math.min(1, PREVIEW / Math.max(w, h));
                preview.setFitWidth(w * s);
                preview.setFitHeight(h * s);
                preview.setSmooth(s < 1);
            }
            name.setText(item.name());
            caption.setText(item.inputCaption());
            setTooltip(item.location().isEmpty() ? null : new Tooltip(item.location()));
            setGraphic(box);
        }
    }

    /** One model's top-k bars and forward time; on error (train column) the reason. */
    static final class ModelCell extends TableCell<ComparedImage, ComparedImage> {
        private final Function<ComparedImage, List<Guess>> guesses;
        private final Function<ComparedImage, String> time;
        private final boolean showsErrors;
        private final ScoreBars bars = new ScoreBars();
        private final Label timeLabel = new Label();
        private final Label error = new Label();
        private final VBox box;

        ModelCell(
                Function<ComparedImage, List<Guess>> guesses,
                Function<ComparedImage, String> time,
                boolean showsErrors) {
            this.guesses = guesses;
            this.time = time;
            this.showsErrors = showsErrors;
            timeLabel.getStyleClass().add("prediction-time");
            error.getStyleClass().add("prediction-error");
            error.setWrapText(true);
            box = new VBox(6, bars, timeLabel);
        }

        @Override
        protected void updateItem(ComparedImage item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            if (empty || item == null) {
                setGraphic(null);
                return;
            }
            if (!item.ok()) {
                error.setText(showsErrors ? item.error() : "");
                setGraphic(error);
                return;
            }
            bars.setGuesses(guesses.apply(item));
            timeLabel.setText("forward pass " + time.apply(item));
            setGraphic(box);
        }
    }

    /** max |Δlogit| and whether top-1 agrees. */
    static final class DiffCell extends TableCell<ComparedImage, ComparedImage> {
        private final Label diff = new Label();
        private final Label verdict = new Label();
        private final VBox box = new VBox(4, diff, verdict);

        DiffCell() {
            diff.getStyleClass().add("diff-value");
            verdict.getStyleClass().add("diff-verdict");
        }

        @Override
        protected void updateItem(ComparedImage item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            if (empty || item == null || !item.ok()) {
                setGraphic(null);
                return;
            }
            diff.setText(item.maxDiff());
            verdict.setText(item.top1Agrees() ? "same top-1" : "top-1 differs");
            verdict.pseudoClassStateChanged(DIFFERS, !item.top1Agrees());
            setGraphic(box);
        }
    }
}
