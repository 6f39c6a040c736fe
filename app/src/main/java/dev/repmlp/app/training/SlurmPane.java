package dev.repmlp.app.training;

import dev.repmlp.app.ui.Layouts;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * "Run on: this computer | Slurm" above the Train page's Start: with Slurm, the job's resources and
 * a read-only preview of the batch script Start submits.
 */
final class SlurmPane extends VBox {

    SlurmPane(SlurmLaunchViewModel viewModel) {
        super(6);
        Objects.requireNonNull(viewModel, "viewModel");
        setId("train-run-on");
        ToggleGroup group = new ToggleGroup();
        RadioButton here = new RadioButton("this computer");
        here.setId("train-run-here");
        here.setToggleGroup(group);
        RadioButton slurm = new RadioButton("Slurm");
        slurm.setId("train-run-slurm");
        slurm.setToggleGroup(group);
        slurm.setTooltip(
                new Tooltip(
                        "Submit the training with sbatch; follow it on the Runs page (the runs"
                                + " folder must be on the cluster's shared filesystem)"));
        (viewModel.isOnSlurm() ? slurm : here).setSelected(true);
        slurm.selectedProperty().bindBidirectional(viewModel.onSlurmProperty());
        here.setSelected(!viewModel.isOnSlurm());
        FlowPane choice = Layouts.wrappingRow(10, new Label("Run on:"), here, slurm);

        GridPane fields = new GridPane();
        fields.setHgap(8);
        fields.setVgap(4);
        field(fields, 0, "Partition", "slurm-partition", viewModel.partitionProperty(), "default");
        field(fields, 1, "GPUs", "slurm-gpus", viewModel.gpusProperty(), "0");
        field(fields, 2, "CPUs", "slurm-cpus", viewModel.cpusProperty(), "default");
        field(fields, 3, "Memory", "slurm-mem", viewModel.memProperty(), "e.g. 16G");
        field(fields, 4, "Time", "slurm-time", viewModel.timeProperty(), "e.g. 2:00:00");

        TextArea script = new TextArea();
        script.setId("slurm-script");
        script.setEditable(false);
        script.setPrefRowCount(8);
        script.getStyleClass().add("mono");
        script.textProperty().bind(viewModel.previewProperty());

        Label message = new Label();
        message.setId("slurm-message");
        message.setWrapText(true);
        message.getStyleClass().add("muted");
        message.textProperty().bind(viewModel.messageProperty());
        message.visibleProperty().bind(Bindings.isNotEmpty(viewModel.messageProperty()));
        message.managedProperty().bind(message.visibleProperty());

        VBox details = new VBox(6, fields, new Label("Script Start submits"), script);
        details.visibleProperty().bind(viewModel.onSlurmProperty());
        details.managedProperty().bind(details.visibleProperty());
        getChildren().setAll(choice, details, message);
    }

    private static void field(
            GridPane grid, int col, String label, String id, StringProperty value, String hint) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(hint);
        f.setPrefColumnCount(7);
        f.textProperty().bindBidirectional(value);
        grid.add(new Label(label), col, 0);
        grid.add(f, col, 1);
    }
}
