package dev.repmlp.app.shell;

import dev.repmlp.app.ui.AppIcons;
import dev.repmlp.app.ui.Icons;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.StatusBar;

/**
 * The main window's content: navigation on the left, the selected page in the middle, a status bar
 * at the bottom. Pages are built on first visit and kept, so they keep their state.
 */
public final class MainView extends BorderPane {
    /** How often the memory figure in the status bar is refreshed. */
    public static final Duration MEMORY_REFRESH = Duration.seconds(2);

    private static final PseudoClass READY = PseudoClass.getPseudoClass("ready");
    private static final PseudoClass UNAVAILABLE = PseudoClass.getPseudoClass("unavailable");
    private static final PseudoClass COMPACT = PseudoClass.getPseudoClass("compact");
    private static final double NAV_CELL_HEIGHT = 38;

    /**
     * Below this window width the sidebar shows icons only (names in tooltips) and pages have
     * narrower margins, so that the pages keep their controls' full labels down to 900 px.
     */
    public static final double COMPACT_WIDTH = 1200;

    private final MainViewModel viewModel;
    private final PageFactory pages;
    private final Map<Page, Node> pageViews = new EnumMap<>(Page.class);
    private final StackPane content = new StackPane();
    private final ListView<Page> nav = new ListView<>();
    private final Timeline memoryRefresh;
    // kept in a field: a fluent binding lives only as long as someone holds it
    private final ObservableValue<Boolean> showing;

    public MainView(MainViewModel viewModel, PageFactory pages) {
        this.viewModel = Objects.requireNonNull(viewModel, "viewModel");
        this.pages = Objects.requireNonNull(pages, "pages");
        setId("main-view");
        getStyleClass().add("main-view");

        content.setId("content");
        content.getStyleClass().add("content");
        setLeft(buildSidebar());
        setCenter(content);
        setBottom(buildStatusBar());
        widthProperty()
                .addListener(
                        (obs, old, w) ->
                                setCompact(w.doubleValue() > 0 && w.doubleValue() < COMPACT_WIDTH));

        nav.getSelectionModel().select(viewModel.getSelectedPage());
        showPage(viewModel.getSelectedPage());
        nav.getSelectionModel()
                .selectedItemProperty()
                .addListener(
                        (obs, old, page) -> {
                            if (page != null) {
                                viewModel.selectPage(page);
                            } else {
                                // ctrl-click clears a single selection; a page is always shown
                                Platform.runLater(
                                        () ->
                                                nav.getSelectionModel()
                                                        .select(viewModel.getSelectedPage()));
                            }
                        });
        viewModel
                .selectedPageProperty()
                .addListener(
                        (obs, old, page) -> {
                            if (page != null) {
                                nav.getSelectionModel().select(page);
                                showPage(page);
                            }
                        });

        memoryRefresh =
                new Timeline(new KeyFrame(MEMORY_REFRESH, event -> viewModel.refreshMemory()));
        memoryRefresh.setCycleCount(Animation.INDEFINITE);
        showing =
                sceneProperty()
                        .flatMap(Scene::windowProperty)
                        .flatMap(Window::showingProperty)
                        .orElse(false);
        showing.addListener((obs, was, isShowing) -> updateMemoryRefresh(isShowing));
        updateMemoryRefresh(showing.getValue());
    }

    private void updateMemoryRefresh(boolean isShowing) {
        if (isShowing) {
            viewModel.refreshMemory();
            memoryRefresh.play();
        } else {
            memoryRefresh.stop();
        }
    }

    private void setCompact(boolean compact) {
        if (compact != getPseudoClassStates().contains(COMPACT)) {
            pseudoClassStateChanged(COMPACT, compact);
            for (String hidden : new String[] {".brand-text", "#sidebar-footer"}) {
                Node n = lookup(hidden);
                if (n != null) {
                    n.setVisible(!compact);
                    n.setManaged(!compact);
                }
            }
        }
    }

    /**
     * Whether the sidebar shows icons only (the window is narrower than {@link #COMPACT_WIDTH}).
     */
    public boolean isCompact() {
        return getPseudoClassStates().contains(COMPACT);
    }

    private void showPage(Page page) {
        Node view = pageViews.computeIfAbsent(page, pages::create);
        content.getChildren().setAll(view);
    }

    private VBox buildSidebar() {
        nav.setId("nav");
        nav.getStyleClass().add("nav");
        nav.getItems().setAll(Page.values());
        nav.setCellFactory(list -> new NavCell());
        nav.setFixedCellSize(NAV_CELL_HEIGHT);
        nav.setPrefHeight(Page.values().length * NAV_CELL_HEIGHT + 4);
        nav.setMinHeight(Region.USE_PREF_SIZE);

        Region spacer = new Region();
        VBox.setVgrow(spacer, Priority.ALWAYS);
        Label footer = new Label("Version " + viewModel.getVersion());
        footer.setId("sidebar-footer");
        footer.getStyleClass().add("sidebar-footer");

        VBox sidebar = new VBox(buildBrand(), nav, spacer, footer);
        sidebar.setId("sidebar");
        sidebar.getStyleClass().add("sidebar");
        return sidebar;
    }

    private static HBox buildBrand() {
        Label name = new Label("RepMLP");
        name.getStyleClass().add("brand-name");
        Label subtitle = new Label("Workbench");
        subtitle.getStyleClass().add("brand-subtitle");
        VBox text = new VBox(name, subtitle);
        text.getStyleClass().add("brand-text");
        HBox brand = new HBox(text);
        Image icon = AppIcons.load(64);
        if (icon != null) {
            ImageView logo = new ImageView(icon);
            logo.setFitWidth(32);
            logo.setFitHeight(32);
            logo.setSmooth(true);
            brand.getChildren().add(0, logo);
        }
        brand.getStyleClass().add("brand");
        return brand;
    }

    private StatusBar buildStatusBar() {
        Region dot = new Region();
        dot.getStyleClass().add("device-dot");
        Label device = new Label();
        device.setId("status-device");
        device.getStyleClass().add("status-device");
        device.setGraphic(dot);
        device.textProperty().bind(viewModel.deviceTextProperty());
        Tooltip deviceTip = new Tooltip();
        deviceTip.textProperty().bind(viewModel.deviceDetailProperty());
        device.setTooltip(deviceTip);
        viewModel.deviceStateProperty().addListener((obs, old, state) -> markDevice(dot, state));
        markDevice(dot, viewModel.getDeviceState());

        Label jobs = new Label();
        jobs.setId("status-jobs");
        jobs.textProperty().bind(viewModel.jobsTextProperty());

        Label memory = new Label();
        memory.setId("status-memory");
        memory.textProperty().bind(viewModel.memoryTextProperty());
        memory.setTooltip(new Tooltip("JVM heap in use / maximum, refreshed every 2 s"));

        StatusBar bar = new StatusBar();
        bar.setId("status-bar");
        bar.setText("");
        bar.getLeftItems().add(device);
        bar.getRightItems().addAll(jobs, new Separator(Orientation.VERTICAL), memory);
        return bar;
    }

    private static void markDevice(Region dot, DeviceState state) {
        dot.pseudoClassStateChanged(READY, state == DeviceState.READY);
        dot.pseudoClassStateChanged(UNAVAILABLE, state == DeviceState.UNAVAILABLE);
    }

    private static String navIcon(Page page) {
        return switch (page) {
            case TRAIN -> Icons.TRAIN;
            case RUNS -> Icons.RUNS;
            case KERNELS -> Icons.KERNELS;
            case EVALUATE -> Icons.EVALUATE;
            case COMPARE -> Icons.COMPARE;
            case CLASSIFY -> Icons.CLASSIFY;
        };
    }

    /** A navigation entry: icon and title, with node id {@code nav-<page>} for tests. */
    private static final class NavCell extends ListCell<Page> {
        @Override
        protected void updateItem(Page page, boolean empty) {
            super.updateItem(page, empty);
            if (empty || page == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                setId(null);
            } else {
                setText(page.title());
                setGraphic(Icons.create(navIcon(page), 16));
                // the name when the sidebar shows icons only
                setTooltip(new Tooltip(page.title()));
                setId("nav-" + page.id());
            }
        }
    }
}
