package dev.repmlp.app.training;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.property.StringProperty;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableMap;
import javafx.css.PseudoClass;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/**
 * A two-column grid of labelled form fields. Each field's control is bound to its text and marked
 * {@code :invalid} (red outline, the reason in its tooltip) while a problem names it.
 */
final class FieldRows extends GridPane {
    static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");

    private final Map<String, Control> controls = new LinkedHashMap<>();
    private final Map<String, String> help = new LinkedHashMap<>();
    private int row;

    FieldRows() {
        getStyleClass().add("field-rows");
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(150);
        labels.setPrefWidth(170);
        labels.setHalignment(HPos.LEFT);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setFillWidth(true);
        getColumnConstraints().addAll(labels, values);
    }

    /** Node id of a field's control, e.g. {@code field-model-hs}. */
    static String id(String key) {
        return "field-" + key.replace('.', '-').replace('_', '-');
    }

    /** Adds the standard control for {@code field}, bound to {@code text}. */
    Control add(FormField field, StringProperty text) {
        Control control;
        switch (field.kind()) {
            case CHOICE -> {
                ComboBox<String> box = new ComboBox<>();
                box.getItems().setAll(field.choices());
                box.valueProperty().bindBidirectional(text);
                box.setMaxWidth(Double.MAX_VALUE);
                control = box;
            }
            case EDITABLE_CHOICE -> {
                ComboBox<String> box = new ComboBox<>();
                box.setEditable(true);
                box.getItems().setAll(field.choices());
                box.getEditor().textProperty().bindBidirectional(text);
                box.setMaxWidth(Double.MAX_VALUE);
                control = box;
            }
            default -> {
                TextField t = new TextField();
                t.textProperty().bindBidirectional(text);
                control = t;
            }
        }
        add(field.key(), field.label(), field.help(), control, control);
        return control;
    }

    private final Map<String, javafx.beans.value.ObservableStringValue> notApplicable =
            new java.util.HashMap<>();
    private Map<String, String> lastErrors = Map.of();

    /**
     * Adds a row whose value is {@code node}; {@code control} (inside it) is the one marked
     * invalid.
     */
    void add(String key, String label, String helpText, Node node, Control control) {
        add(key, label, helpText, node, control, false);
    }

    /**
     * Like {@link #add(String, String, String, Node, Control)}, but the value takes the whole width
     * on the row below its label (a path needs more room than the value column gives it in a narrow
     * window).
     */
    void addStacked(String key, String label, String helpText, Node node, Control control) {
        add(key, label, helpText, node, control, true);
    }

    private void add(
            String key,
            String label,
            String helpText,
            Node node,
            Control control,
            boolean stacked) {
        Label name = new Label(label);
        name.getStyleClass().add("field-label");
        name.setLabelFor(control);
        name.setWrapText(true);
        if (helpText != null && !helpText.isBlank()) {
            name.setTooltip(tooltip(helpText));
        }
        control.setId(id(key));
        control.setTooltip(tooltip(helpText == null ? "" : helpText));
        controls.put(key, control);
        help.put(key, helpText == null ? "" : helpText);
        if (stacked) {
            add(name, 0, row++, 2, 1);
            add(node, 0, row, 2, 1);
        } else {
            add(name, 0, row);
            add(node, 1, row);
        }
        GridPane.setHgrow(node, Priority.ALWAYS);
        row++;
    }

    /** Adds a full-width row (notes, hints). */
    void addWide(Node node) {
        add(node, 0, row, 2, 1);
        row++;
    }

    /**
     * Disables the control of {@code key} while {@code reason} is not empty, and puts the reason
     * first in its tooltip and its label's.
     */
    void applyWhen(String key, javafx.beans.value.ObservableStringValue reason) {
        Control c = controls.get(key);
        if (c == null) {
            return;
        }
        notApplicable.put(key, reason);
        c.disableProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(reason));
        reason.addListener((obs, old, value) -> mark(key, lastErrors));
        mark(key, lastErrors);
    }

    /** Marks the controls named in {@code errors} (FX thread), now and on every change. */
    void follow(ObservableMap<String, String> errors) {
        lastErrors = errors;
        errors.addListener(
                (MapChangeListener<String, String>) change -> mark(change.getKey(), errors));
        for (String key : controls.keySet()) {
            mark(key, errors);
        }
    }

    private void mark(String key, Map<String, String> errors) {
        Control c = controls.get(key);
        if (c == null) {
            return;
        }
        String error = errors.get(key);
        c.pseudoClassStateChanged(INVALID, error != null);
        String h = help.get(key);
        javafx.beans.value.ObservableStringValue why = notApplicable.get(key);
        if (why != null && !why.get().isEmpty()) {
            h = why.get() + (h.isBlank() ? "" : "\n\n" + h);
        }
        c.getTooltip().setText(error == null ? h : error + (h.isBlank() ? "" : "\n\n" + h));
    }

    private static Tooltip tooltip(String text) {
        Tooltip t = new Tooltip(text);
        t.setWrapText(true);
        t.setMaxWidth(420);
        return t;
    }
}
