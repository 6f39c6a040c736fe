package dev.repmlp.app.kernels;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The file dialogs of the kernels page; tests substitute answers for the real dialogs. */
public interface KernelsDialogs {

    /** A {@code .pth} or {@code .safetensors} file to open. */
    Optional<Path> openWeights(Window owner);

    /** A run folder (holding {@code model-train.pth}). */
    Optional<Path> openRun(Window owner);

    /** A custom JSON config with upstream's RepMLPNet arguments. */
    Optional<Path> openConfig(Window owner);

    /** Where to save a PNG, suggesting {@code name}. */
    Optional<Path> savePng(Window owner, String name);

    /** A folder for the {@code .npy} files. */
    Optional<Path> npyFolder(Window owner);

    /** Where to save the ONNX export, suggesting {@code name}. */
    Optional<Path> saveOnnx(Window owner, String name);

    /** The real dialogs, starting where the previous one left off. */
    static KernelsDialogs fx() {
        return new KernelsDialogs() {
            private File lastDir;

            @Override
            public Optional<Path> openWeights(Window owner) {
                FileChooser c = fileChooser("Open weights");
                c.getExtensionFilters()
                        .addAll(
                                new FileChooser.ExtensionFilter(
                                        "Weights (*.pth, *.safetensors)", "*.pth", "*.safetensors"),
                                new FileChooser.ExtensionFilter("All files", "*"));
                return remember(c.showOpenDialog(owner));
            }

            @Override
            public Optional<Path> openRun(Window owner) {
                DirectoryChooser c = new DirectoryChooser();
                c.setTitle("Open a run folder");
                c.setInitialDirectory(lastDir);
                return remember(c.showDialog(owner));
            }

            @Override
            public Optional<Path> openConfig(Window owner) {
                FileChooser c = fileChooser("Choose the architecture (JSON config)");
                c.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON", "*.json"));
                return remember(c.showOpenDialog(owner));
            }

            @Override
            public Optional<Path> savePng(Window owner, String name) {
                FileChooser c = fileChooser("Export the view as PNG");
                c.setInitialFileName(name);
                c.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
                return remember(c.showSaveDialog(owner));
            }

            @Override
            public Optional<Path> npyFolder(Window owner) {
                DirectoryChooser c = new DirectoryChooser();
                c.setTitle("Export the matrices as .npy into");
                c.setInitialDirectory(lastDir);
                return remember(c.showDialog(owner));
            }

            @Override
            public Optional<Path> saveOnnx(Window owner, String name) {
                FileChooser c = fileChooser("Export the deploy-time model to ONNX");
                c.setInitialFileName(name);
                c.getExtensionFilters().add(new FileChooser.ExtensionFilter("ONNX", "*.onnx"));
                return remember(c.showSaveDialog(owner));
            }

            private FileChooser fileChooser(String title) {
                FileChooser c = new FileChooser();
                c.setTitle(title);
                c.setInitialDirectory(lastDir);
                return c;
            }

            private Optional<Path> remember(File chosen) {
                if (chosen == null) {
                    return Optional.empty();
                }
                File dir = chosen.isDirectory() ? chosen : chosen.getParentFile();
                if (dir != null && Files.isDirectory(dir.toPath())) {
                    lastDir = dir;
                }
                return Optional.of(chosen.toPath());
            }
        };
    }
}
