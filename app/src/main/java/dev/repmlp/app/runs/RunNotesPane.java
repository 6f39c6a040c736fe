package dev.repmlp.app.runs;

import java.util.Objects;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Notes tab of the Runs page: the tags and notes of the one selected run, saved in its
 * notes.json with Save (or when another run is selected).
 */
final class RunNotesPane extends VBox {
    RunNotesPane(RunNotesModel model) {
        super(8);
        Objects.requireNonNull(model, "model");
        Label title = new Label();
        title.setId("notes-run");
        title.getStyleClass().add("run-title");
        title.textProperty()
                .bind(
                        model.editingProperty()
                                .map(r -> "Notes and tags of " + r.name())
                                .orElse("Select one run to write its notes and tags"));
        TextField tags = new TextField();
        tags.setId("notes-tags");
        tags.setPromptText("e.g. baseline, lr-sweep");
        tags.textProperty().bindBidirectional(model.tagsTextProperty());
        tags.disableProperty().bind(model.editingProperty().isNull());
        HBox.setHgrow(tags, Priority.ALWAYS);
        HBox tagRow = new HBox(8, new Label("Tags (separated by commas)"), tags);
        tagRow.setAlignment(Pos.CENTER_LEFT);
        TextArea notes = new TextArea();
        notes.setId("notes-text");
        notes.setWrapText(true);
        notes.setPromptText("What was tried, what happened");
        notes.textProperty().bindBidirectional(model.notesTextProperty());
        notes.disableProperty().bind(model.editingProperty().isNull());
        notes.setPrefRowCount(5);
        VBox.setVgrow(notes, Priority.ALWAYS);
        Button save = new Button("Save notes");
        save.setId("notes-save");
        save.setDefaultButton(false);
        save.disableProperty().bind(model.editingProperty().isNull());
        save.setOnAction(e -> model.save());
        Label message = new Label();
        message.setId("notes-message");
        message.getStyleClass().add("muted");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        HBox actions = new HBox(8, save, message);
        actions.setAlignment(Pos.CENTER_LEFT);
        getChildren().setAll(title, tagRow, notes, actions);
        setPadding(new Insets(10, 0, 0, 0));
    }
}
