package dev.repmlp.app.training;

import dev.repmlp.app.ui.FileDialogs;
import dev.repmlp.app.ui.PageHeader;
import dev.repmlp.app.ui.PageReadiness;
import dev.repmlp.app.ui.Settings;
import dev.repmlp.app.ui.Stylesheets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The Train page (node id {@code train-view}): the launch form on the left (preset, dataset, every
 * training setting, what stops Start), the run on the right (Start, Stop, Resume, progress, live
 * loss / accuracy / learning-rate charts and the log).
 */
public final class TrainView extends BorderPane {
    private final TrainViewModel viewModel;
    private final FileDialogs dialogs;
    private final ComboBox<String> preset = new ComboBox<>();
    private boolean syncingPreset;

    public TrainView(TrainViewModel viewModel) {
        this(viewModel, FileDialogs.system());
    }

    public TrainView(TrainViewModel viewModel, FileDialogs dialogs) {
        this(viewModel, dialogs, Settings.inMemory());
    }

    /**
     * @param settings where the split position is remembered across restarts
     */
    public TrainView(TrainViewModel viewModel, FileDialogs dialogs, Settings settings) {
        this.viewModel = Objects.requireNonNull(viewModel, "viewModel");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        setId("train-view");
        getStyleClass().addAll("page", "train-page");
        Stylesheets.add(this, Stylesheets.RUN_PAGES);
        setTop(
                new PageHeader(
                        "Train",
                        "Configure a RepMLPNet, point it at an ImageFolder dataset and follow loss,"
                                + " accuracy and learning rate while it trains."));
        SplitPane split =
                new SplitPane(buildForm(), new TrainMonitorPane(viewModel, dialogs, this::window));
        split.setDividerPositions(0.4);
        settings.rememberSplit(split, "train.split");
        split.getStyleClass().add("train-split");
        BorderPane.setMargin(split, new Insets(16, 0, 0, 0));
        setCenter(split);
        // ready to be looked at (e.g. by the screenshot tour) once the dataset is scanned
        PageReadiness.declare(this, viewModel.dataset().scanningProperty().not());
    }

    // ---- the launch form

    /** The schedule checks' warnings (the run may start; each says the fix). */
    private Region buildWarnings() {
        VBox list = new VBox(4);
        list.setId("plan-warnings");
        list.getStyleClass().add("plan-warnings");
        Runnable fill =
                () -> {
                    list.getChildren().clear();
                    for (String w : viewModel.plan().warnings()) {
                        Label l = new Label("\u26A0 " + w);
                        l.setWrapText(true);
                        l.getStyleClass().add("plan-warning");
                        list.getChildren().add(l);
                    }
                };
        viewModel
                .plan()
                .warnings()
                .addListener((javafx.collections.ListChangeListener<String>) c -> fill.run());
        fill.run();
        list.visibleProperty()
                .bind(javafx.beans.binding.Bindings.isNotEmpty(viewModel.plan().warnings()));
        list.managedProperty().bind(list.visibleProperty());
        return list;
    }

    private Region buildForm() {
        preset.setId("preset");
        preset.setItems(viewModel.presets());
        preset.setMaxWidth(Double.MAX_VALUE);
        preset.setValue(viewModel.presetProperty().get());
        viewModel
                .presetProperty()
                .addListener(
                        (obs, old, value) -> {
                            syncingPreset = true;
                            preset.setValue(value);
                            syncingPreset = false;
                        });
        preset.valueProperty().addListener((obs, old, value) -> presetPicked(value));
        Label presetLabel = new Label("Preset");
        presetLabel.getStyleClass().add("field-label");
        HBox.setHgrow(preset, Priority.ALWAYS);
        HBox presetRow = new HBox(10, presetLabel, preset);
        presetRow.setAlignment(Pos.CENTER_LEFT);
        ComboBox<String> recipe = new ComboBox<>(viewModel.plan().recipeIds());
        recipe.setId("recipe");
        recipe.setValue(viewModel.plan().recipeIdProperty().get());
        recipe.setTooltip(
                new Tooltip(
                        "upstream: the paper's ImageNet recipe (long runs, large datasets)\n"
                                + "small: small datasets and short runs (the demo's)\n"
                                + "finetune: starting from trained weights (init_weights)\n"
                                + "Picking one fills its settings into the form."));
        viewModel
                .plan()
                .recipeIdProperty()
                .addListener((obs, old, value) -> recipe.setValue(value));
        recipe.setOnAction(
                e -> {
                    if (!java.util.Objects.equals(
                            recipe.getValue(), viewModel.plan().recipeIdProperty().get())) {
                        viewModel.applyRecipe(recipe.getValue());
                    }
                });
        Label recipeLabel = new Label("Recipe");
        recipeLabel.getStyleClass().add("field-label");
        presetLabel.setMinWidth(Region.USE_PREF_SIZE);
        recipeLabel.setMinWidth(Region.USE_PREF_SIZE);
        // both labels as wide as the longer one, so the two pickers line up
        javafx.beans.binding.DoubleBinding labelWidth =
                Bindings.createDoubleBinding(
                        () -> Math.max(presetLabel.prefWidth(-1), recipeLabel.prefWidth(-1)),
                        presetLabel.widthProperty(),
                        recipeLabel.widthProperty());
        presetLabel.minWidthProperty().bind(labelWidth);
        recipeLabel.minWidthProperty().bind(labelWidth);
        recipe.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(recipe, Priority.ALWAYS);
        HBox recipeRow = new HBox(10, recipeLabel, recipe);
        recipeRow.setAlignment(Pos.CENTER_LEFT);
        Label source = new Label();
        source.setId("config-source");
        source.getStyleClass().add("muted");
        source.setWrapText(true);
        source.textProperty().bind(viewModel.configSourceProperty());

        VBox sections =
                new VBox(
                        8,
                        section(FormGroup.DATA, buildData(), true),
                        section(FormGroup.MODEL, rows(FormGroup.MODEL), false),
                        section(FormGroup.OPTIMISATION, buildOptimisation(), true),
                        section(FormGroup.AUGMENTATION, rows(FormGroup.AUGMENTATION), false),
                        section(FormGroup.RUN, buildRun(), true));
        sections.getStyleClass().add("form-sections");
        ScrollPane scroll = new ScrollPane(sections);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("form-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);

        VBox form =
                new VBox(8, presetRow, recipeRow, source, scroll, buildProblems(), buildWarnings());
        form.setId("launch-form");
        form.getStyleClass().add("launch-form");
        form.setMinWidth(360);
        // settings stay readable (and the form scrollable) while a run uses them
        presetRow.disableProperty().bind(viewModel.runningProperty());
        recipeRow.disableProperty().bind(viewModel.runningProperty());
        sections.disableProperty().bind(viewModel.runningProperty());
        return form;
    }

    private void presetPicked(String value) {
        if (syncingPreset || value == null) {
            return;
        }
        if (TrainViewModel.CUSTOM.equals(value)) {
            chooseConfigFile();
        } else if (!value.equals(viewModel.presetProperty().get())) {
            viewModel.selectPreset(value);
        }
    }

    private void chooseConfigFile() {
        Optional<Path> file =
                dialogs.chooseFileToOpen(
                        window(),
                        "Load a model or training config",
                        viewModel.runsFolder(),
                        "JSON config",
                        List.of("*.json"));
        if (file.isPresent()) {
            viewModel.loadConfigFile(file.get());
        } else {
            syncingPreset = true;
            preset.setValue(viewModel.presetProperty().get());
            syncingPreset = false;
        }
    }

    private static TitledPane section(FormGroup group, Region content, boolean expanded) {
        TitledPane pane = new TitledPane(group.title(), content);
        pane.setId("section-" + group.name().toLowerCase(java.util.Locale.ROOT));
        pane.setExpanded(expanded);
        pane.setAnimated(false);
        pane.getStyleClass().add("form-section");
        return pane;
    }

    private FieldRows rows(FormGroup group) {
        FieldRows rows = new FieldRows();
        for (FormField f : LaunchFields.of(group)) {
            if (f.kind() == FieldKind.FILE) {
                addFileField(rows, f);
            } else {
                rows.add(f, viewModel.form().text(f.key()));
            }
        }
        rows.follow(viewModel.fieldErrors());
        return rows;
    }

    private void addFileField(FieldRows rows, FormField f) {
        TextField text = new TextField();
        text.textProperty().bindBidirectional(viewModel.form().text(f.key()));
        text.setPromptText("none: train from scratch");
        Button browse = new Button("...");
        browse.setId(FieldRows.id(f.key()) + "-browse");
        browse.setMinWidth(Region.USE_PREF_SIZE);
        browse.setTooltip(new Tooltip("Choose a weights file"));
        browse.setOnAction(
                e ->
                        dialogs.chooseFileToOpen(
                                        window(),
                                        "Weights to fine-tune from",
                                        null,
                                        "Weights",
                                        List.of("*.pth", "*.safetensors"))
                                .ifPresent(p -> text.setText(p.toString())));
        HBox.setHgrow(text, Priority.ALWAYS);
        rows.add(f.key(), f.label(), f.help(), new HBox(6, text, browse), text);
    }

    private Region buildData() {
        FormField dataField = LaunchFields.find(LaunchFields.DATA_PATH).orElseThrow();
        TextField path = new TextField();
        path.textProperty().bindBidirectional(viewModel.form().text(LaunchFields.DATA_PATH));
        path.setPromptText("folder with train/ and val/");
        Button browse = new Button("...");
        browse.setId("dataset-browse");
        browse.setMinWidth(Region.USE_PREF_SIZE);
        browse.setTooltip(new Tooltip("Choose the dataset folder"));
        browse.setOnAction(
                e ->
                        dialogs.chooseDirectory(window(), "Dataset folder", pathOf(path.getText()))
                                .ifPresent(p -> path.setText(p.toString())));
        HBox.setHgrow(path, Priority.ALWAYS);
        // a path is read by its end (the dataset's folder name): shown there unless being edited
        path.textProperty()
                .addListener(
                        (obs, was, now) -> {
                            if (!path.isFocused()) {
                                Platform.runLater(path::end);
                            }
                        });
        path.widthProperty()
                .addListener(
                        (obs, was, now) -> {
                            if (!path.isFocused()) {
                                Platform.runLater(path::end);
                            }
                        });
        FieldRows rows = new FieldRows();
        rows.addStacked(
                dataField.key(),
                dataField.label(),
                dataField.help(),
                new HBox(6, path, browse),
                path);
        rows.addWide(new DatasetPane(viewModel.dataset()));
        for (FormField f : LaunchFields.of(FormGroup.DATA)) {
            if (f.kind() != FieldKind.DIRECTORY) {
                rows.add(f, viewModel.form().text(f.key()));
            }
        }
        Hyperlink fix = new Hyperlink();
        fix.setId("fix-num-class");
        fix.textProperty()
                .bind(
                        Bindings.format(
                                "Set num_class to %d, the dataset's classes",
                                viewModel.numClassFixProperty()));
        fix.visibleProperty().bind(viewModel.numClassFixProperty().greaterThan(0));
        fix.managedProperty().bind(fix.visibleProperty());
        fix.setOnAction(e -> viewModel.fixNumClass());
        rows.addWide(fix);
        rows.follow(viewModel.fieldErrors());
        return rows;
    }

    private Region buildOptimisation() {
        FieldRows rows = rows(FormGroup.OPTIMISATION);
        for (String key :
                List.of("decay_epochs", "decay_rate", "momentum", "beta1", "beta2", "eps")) {
            rows.applyWhen(key, viewModel.launch().notApplicable(key));
        }
        Label lr = new Label();
        lr.setId("effective-lr");
        lr.getStyleClass().add("effective-lr");
        lr.setWrapText(true);
        lr.textProperty().bind(viewModel.effectiveLrProperty());
        rows.addWide(lr);
        return rows;
    }

    private Region buildRun() {
        FieldRows rows = new FieldRows();
        TextField folder = new TextField();
        folder.textProperty().bindBidirectional(viewModel.runsFolderTextProperty());
        Button browse = new Button("...");
        browse.setId("runs-folder-browse");
        browse.setMinWidth(Region.USE_PREF_SIZE);
        browse.setTooltip(new Tooltip("Choose the runs folder"));
        browse.setOnAction(
                e ->
                        dialogs.chooseDirectory(window(), "Runs folder", pathOf(folder.getText()))
                                .ifPresent(p -> folder.setText(p.toString())));
        HBox.setHgrow(folder, Priority.ALWAYS);
        rows.add(
                TrainViewModel.RUNS_FOLDER,
                "Runs folder",
                "Where run directories are written (the CLI's --out; default runs/).",
                new HBox(6, folder, browse),
                folder);
        TextField name = new TextField();
        name.textProperty().bindBidirectional(viewModel.runNameProperty());
        rows.add(
                TrainViewModel.RUN_NAME,
                "Run name",
                "The run directory's name (the CLI's --name); a -2, -3 suffix is added if taken.",
                name,
                name);
        for (FormField f : LaunchFields.of(FormGroup.RUN)) {
            rows.add(f, viewModel.form().text(f.key()));
        }
        Label destination = new Label();
        destination.setId("run-destination");
        destination.getStyleClass().add("muted");
        destination.setWrapText(true);
        destination.textProperty().bind(viewModel.destinationProperty());
        rows.addWide(destination);
        rows.follow(viewModel.fieldErrors());
        return rows;
    }

    private Region buildProblems() {
        Label title = new Label("Start is disabled until these are fixed:");
        title.getStyleClass().add("problems-title");
        VBox list = new VBox(3);
        list.setId("train-problems");
        viewModel.problems().addListener((ListChangeListener<Problem>) c -> showProblems(list));
        showProblems(list);
        ScrollPane scroll = new ScrollPane(list);
        scroll.setFitToWidth(true);
        scroll.setMaxHeight(110);
        scroll.getStyleClass().add("problems-scroll");
        VBox box = new VBox(4, title, scroll);
        box.getStyleClass().add("problems");
        box.visibleProperty().bind(Bindings.isNotEmpty(viewModel.problems()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private void showProblems(VBox list) {
        list.getChildren().clear();
        for (Problem p : viewModel.problems()) {
            Label l = new Label("\u2022 " + p.message());
            l.setWrapText(true);
            l.getStyleClass().add("problem");
            list.getChildren().add(l);
        }
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    private static Path pathOf(String text) {
        try {
            return text == null || text.isBlank() ? null : Path.of(text.strip());
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }
}
