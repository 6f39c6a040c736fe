package dev.repmlp.app.ui;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The file and folder choosers a view opens. Views take one in their constructor, so tests can
 * answer a chooser without a native dialog.
 */
public interface FileDialogs {

    /**
     * Asks for a folder.
     *
     * @param initial folder shown first (ignored when it does not exist), may be null
     */
    Optional<Path> chooseDirectory(Window owner, String title, Path initial);

    /**
     * Asks for an existing file.
     *
     * @param filter description of the accepted files, e.g. "JSON config"
     * @param patterns glob patterns such as {@code *.json}
     */
    Optional<Path> chooseFileToOpen(
            Window owner, String title, Path initial, String filter, List<String> patterns);

    /** Asks for one or more existing files; empty when cancelled. */
    List<Path> chooseFilesToOpen(
            Window owner, String title, Path initial, String filter, List<String> patterns);

    /** Image files the workbench reads, for {@link #chooseFilesToOpen}. */
    List<String> IMAGES = List.of("*.png", "*.jpg", "*.jpeg", "*.bmp", "*.gif");

    /** Weights files the workbench reads. */
    List<String> WEIGHTS = List.of("*.pth", "*.pt", "*.safetensors");

    /** Asks for a file to write, proposing {@code name} in folder {@code initial}. */
    Optional<Path> chooseFileToSave(
            Window owner,
            String title,
            Path initial,
            String name,
            String filter,
            List<String> patterns);

    /** The platform's choosers. */
    static FileDialogs system() {
        return new FileDialogs() {
            @Override
            public Optional<Path> chooseDirectory(Window owner, String title, Path initial) {
                DirectoryChooser chooser = new DirectoryChooser();
                chooser.setTitle(title);
                folder(initial).ifPresent(chooser::setInitialDirectory);
                return Optional.ofNullable(chooser.showDialog(owner)).map(File::toPath);
            }

            @Override
            public Optional<Path> chooseFileToOpen(
                    Window owner,
                    String title,
                    Path initial,
                    String filter,
                    List<String> patterns) {
                FileChooser chooser = chooser(title, initial, filter, patterns);
                return Optional.ofNullable(chooser.showOpenDialog(owner)).map(File::toPath);
            }

            @Override
            public List<Path> chooseFilesToOpen(
                    Window owner,
                    String title,
                    Path initial,
                    String filter,
                    List<String> patterns) {
                FileChooser chooser = chooser(title, initial, filter, patterns);
                List<File> files = chooser.showOpenMultipleDialog(owner);
                return files == null ? List.of() : files.stream().map(File::toPath).toList();
            }

            @Override
            public Optional<Path> chooseFileToSave(
                    Window owner,
                    String title,
                    Path initial,
                    String name,
                    String filter,
                    List<String> patterns) {
                FileChooser chooser = chooser(title, initial, filter, patterns);
                chooser.setInitialFileName(name);
                return Optional.ofNullable(chooser.showSaveDialog(owner)).map(File::toPath);
            }

            private FileChooser chooser(
                    String title, Path initial, String filter, List<String> patterns) {
                FileChooser chooser = new FileChooser();
                chooser.setTitle(title);
                chooser.getExtensionFilters()
                        .addAll(
                                new FileChooser.ExtensionFilter(filter, patterns),
                                new FileChooser.ExtensionFilter("All files", "*"));
                folder(initial).ifPresent(chooser::setInitialDirectory);
                return chooser;
            }

            private Optional<File> folder(Path initial) {
                if (initial == null) {
                    return Optional.empty();
                }
                Path dir = Files.isDirectory(initial) ? initial : initial.getParent();
                return dir != null && Files.isDirectory(dir)
                        ? Optional.of(dir.toFile())
                        : Optional.empty();
            }
        };
    }
}
