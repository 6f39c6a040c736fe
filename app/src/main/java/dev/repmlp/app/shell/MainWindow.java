package dev.repmlp.app.shell;

import dev.repmlp.app.ui.AppIcons;
import java.net.URL;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** Puts a {@link MainView} into a stage: scene size, stylesheet, title and icons. */
public final class MainWindow {
    /** The app stylesheet on the class path (copied from {@code assets/styles}). */
    public static final String STYLESHEET = "/styles/workbench.css";

    public static final double WIDTH = 1280;
    public static final double HEIGHT = 800;

    private MainWindow() {}

    /**
     * Sets up {@code stage} with a new main view; the caller shows the stage.
     *
     * @return the view, e.g. for tests
     */
    public static MainView install(Stage stage, MainViewModel viewModel, PageFactory pages) {
        MainView view = new MainView(viewModel, pages);
        Scene scene = new Scene(view, WIDTH, HEIGHT);
        URL css = MainWindow.class.getResource(STYLESHEET);
        if (css != null) {
            scene.getStylesheets().add(css.toExternalForm());
        }
        stage.setScene(scene);
        stage.setTitle(viewModel.getTitle());
        stage.getIcons().setAll(AppIcons.all());
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        return view;
    }
}
