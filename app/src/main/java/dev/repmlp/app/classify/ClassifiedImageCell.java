package dev.repmlp.app.classify;

import dev.repmlp.app.ui.Guess;
import dev.repmlp.app.ui.ScoreBars;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * One classified image: the network's input blown up (nearest-neighbour), the file name, the top-1
 * class and the top-k bars; or the reason the image could not be classified.
 */
final class ClassifiedImageCell extends ListCell<ClassifiedImage> {
    private static final double PREVIEW = 96;
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

    private final ImageView preview = new ImageView();
    private final Label caption = new Label();
    private final Label name = new Label();
    private final Label top1 = new Label();
    private final Label time = new Label();
    private final Label error = new Label();
    private final ScoreBars bars = new ScoreBars();
    private final HBox row;

    ClassifiedImageCell() {
        getStyleClass().add("prediction-cell");
        preview.setPreserveRatio(true);
        preview.setSmooth(false);
        StackPane frame = new StackPane(preview);
        frame.getStyleClass().add("preview-frame");
        frame.setMinSize(PREVIEW + 8, PREVIEW + 8);
        frame.setPrefSize(PREVIEW + 8, PREVIEW + 8);
        frame.setMaxSize(PREVIEW + 8, PREVIEW + 8);
        caption.getStyleClass().add("preview-caption");
        VBox left = new VBox(4, frame, caption);
        left.setAlignment(Pos.TOP_CENTER);

        name.getStyleClass().add("prediction-name");
        top1.getStyleClass().add("prediction-top1");
        time.getStyleClass().add("prediction-time");
        error.getStyleClass().add("prediction-error");
        error.setWrapText(true);
        VBox middle = new VBox(4, name, top1, time, error);
        middle.setMinWidth(200);
        middle.setPrefWidth(260);
        HBox.setHgrow(middle, Priority.SOMETIMES);

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        row = new HBox(18, left, middle, spacer, bars);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("prediction-row");
        setText(null);
    }

    @Override
    protected void updateItem(ClassifiedImage item, boolean empty) {
        super.updateItem(item, empty);
        if (empty || item == null) {
            setGraphic(null);
            setTooltip(null);
            return;
        }
        name.setText(item.name());
        setTooltip(item.location().isEmpty() ? null : new Tooltip(item.location()));
        preview.setImage(item.input());
        if (item.input() != null) {
            double w = item.input().getWidth();
            double h = item.input().getHeight();
            double s = Math.min(1, PREVIEW / Math.max(w, h));
            preview.setFitWidth(w * s);
            preview.setFitHeight(h * s);
            // only downscaling (large inputs) is smoothed; small inputs stay crisp pixels
            preview.setSmooth(s < 1);
        }
        caption.setText(item.inputCaption());
        boolean ok = item.ok();
        top1.setText(item.top1().map(ClassifiedImageCell::describe).orElse("Could not classify"));
        top1.pseudoClassStateChanged(FAILED, !ok);
        time.setText(ok ? "forward pass " + item.time() : "");
        error.setText(ok ? "" : item.error());
        error.setVisible(!ok);
        error.setManaged(!ok);
        bars.setGuesses(item.topK());
        bars.setVisible(ok);
        setGraphic(row);
    }

    private static String describe(Guess g) {
        return g.label() + "  " + ScoreBars.percent(g.probability());
    }
}
