package dev.repmlp.app.ui;

import java.util.Objects;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.SplitPane;
import javafx.scene.input.MouseEvent;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * What the window remembers across restarts (runs folder, last dataset, window size, split
 * positions), in a {@link Preferences} node: the app uses {@link #user()}, tests and screenshot
 * runs {@link #inMemory()}, so they never read or change the user's settings. FX thread only;
 * java.util.prefs writes changes back in the background.
 */
public final class Settings {
    /** Key of the runs folder chosen on the Train or Runs page. */
    public static final String RUNS_FOLDER = "runs_folder";

    /** Key of the dataset last chosen on the Train page. */
    public static final String LAST_DATASET = "last_dataset";

    private final Preferences prefs;

    private Settings(Preferences prefs) {
        this.prefs = Objects.requireNonNull(prefs, "prefs");
    }

    /** The user's settings of this app ({@code dev/repmlp/app} in the user's preferences). */
    public static Settings user() {
        return new Settings(Preferences.userRoot().node("dev/repmlp/app/window"));
    }

    /** Settings that live as long as this object: nothing is read from or written to disk. */
    public static Settings inMemory() {
        return new Settings(new MemoryPreferences());
    }

    /** Settings kept in {@code prefs}. */
    public static Settings in(Preferences prefs) {
        return new Settings(prefs);
    }

    /** The node the settings live in (e.g. for the Slurm fields' own child node). */
    public Preferences node(String child) {
        return prefs.node(child);
    }

    /** The remembered text of {@code key}, or {@code fallback}. */
    public String get(String key, String fallback) {
        return prefs.get(key, fallback);
    }

    /** Remembers {@code value} under {@code key} (null or blank forgets it). */
    public void put(String key, String value) {
        if (value == null || value.isBlank()) {
            prefs.remove(key);
        } else {
            prefs.put(key, value);
        }
    }

    /**
     * Gives {@code stage} its remembered size (kept within the screen it opens on and at least the
     * stage's minimum) and remembers the size the user leaves it at; a maximised window is
     * remembered as maximised with the size it had before.
     */
    public void rememberWindow(Stage stage) {
        double w = prefs.getDouble("window_width", Double.NaN);
        double h = prefs.getDouble("window_height", Double.NaN);
        if (!Double.isNaN(w) && !Double.isNaN(h)) {
            Rectangle2D screen = Screen.getPrimary().getVisualBounds();
            stage.setWidth(clamp(w, stage.getMinWidth(), screen.getWidth()));
            stage.setHeight(clamp(h, stage.getMinHeight(), screen.getHeight()));
        }
        stage.setMaximized(prefs.getBoolean("window_maximized", false));
        stage.widthProperty()
                .addListener(
                        (obs, old, value) -> {
                            if (!stage.isMaximized() && !stage.isFullScreen()) {
                                prefs.putDouble("window_width", value.doubleValue());
                            }
                        });
        stage.heightProperty()
                .addListener(
                        (obs, old, value) -> {
                            if (!stage.isMaximized() && !stage.isFullScreen()) {
                                prefs.putDouble("window_height", value.doubleValue());
                            }
                        });
        stage.maximizedProperty()
                .addListener((obs, old, value) -> prefs.putBoolean("window_maximized", value));
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(v, Math.max(min, max)));
    }

    /**
     * Gives {@code split} its remembered divider positions (fractions 0..1), remembers where the
     * user drags them under {@code key}, and brings them back when the split grows again after a
     * shrink pushed them (a SplitPane keeps the pushed fraction otherwise).
     */
    public void rememberSplit(SplitPane split, String key) {
        double[] remembered = parse(prefs.get(key, ""), split.getDividers().size());
        double[] wanted = remembered != null ? remembered : split.getDividerPositions();
        split.setDividerPositions(wanted);
        boolean[] dragging = {false};
        split.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> dragging[0] = onDivider(e.getTarget()));
        split.addEventFilter(
                MouseEvent.MOUSE_RELEASED,
                e -> {
                    if (dragging[0]) {
                        dragging[0] = false;
                        double[] now = split.getDividerPositions();
                        System.arraycopy(now, 0, wanted, 0, Math.min(now.length, wanted.length));
                        prefs.put(key, format(wanted));
                    }
                });
        ChangeListener<Number> resized =
                (obs, old, value) -> {
                    if (!dragging[0]) {
                        // after the split's own layout of the new size, which clamps to min sizes
                        Platform.runLater(() -> split.setDividerPositions(wanted));
                    }
                };
        split.widthProperty().addListener(resized);
        split.heightProperty().addListener(resized);
    }

    private static boolean onDivider(Object target) {
        for (Object n = target; n instanceof javafx.scene.Node node; n = node.getParent()) {
            if (node.getStyleClass().contains("split-pane-divider")) {
                return true;
            }
        }
        return false;
    }

    static double[] parse(String text, int count) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.split(",");
        if (parts.length != count) {
            return null;
        }
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                return null;
            }
            if (!(out[i] > 0 && out[i] < 1)) {
                return null;
            }
        }
        return out;
    }

    static String format(double[] positions) {
        StringBuilder b = new StringBuilder();
        for (double p : positions) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(String.format(java.util.Locale.ROOT, "%.4f", p));
        }
        return b.toString();
    }
}
