package dev.repmlp.app;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The workbench window. */
public final class WorkbenchApp extends Application {

    @Override
    public void start(Stage stage) {
        stage.setTitle("RepMLP Workbench");
        stage.setScene(new Scene(new Label("RepMLP Workbench"), 1200, 800));
        stage.show();
    }

    public static void main(String[] args) {
        launch(WorkbenchApp.class, args);
    }
}
