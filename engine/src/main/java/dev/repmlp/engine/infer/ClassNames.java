package dev.repmlp.engine.infer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repmlp.engine.Assets;
import dev.repmlp.engine.runs.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class names of a model, index = class index of its logits. {@link #forWeights} looks next to
 * the weights file for what training recorded, in this order: a JSON sidecar with the same base
 * name ({@code model.pth} + {@code model.json}, as the bundled demo model has) or a run's {@code
 * config.json} (the weights' folder or its parent, i.e. a run's {@code checkpoints/}), both with a
 * {@code "classes"} array in model-index order; else ImageNet-1k's names for a 1000-class model (a
 * released checkpoint); else "class 7".
 */
public final class ClassNames {
    private static final Logger LOG = LoggerFactory.getLogger(ClassNames.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> names;
    private final int size;
    private final String source;

    private ClassNames(List<String> names, int size, String source) {
        this.names = names;
        this.size = size;
        this.source = source;
    }

    /** Names in class-index order; {@code source} says where they came from, for the user. */
    public static ClassNames of(List<String> names, String source) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no class names");
        }
        return new ClassNames(List.copyOf(names), names.size(), Objects.requireNonNull(source));
    }

    /** "class 0" ... "class n-1", when nothing better is known. */
    public static ClassNames numbered(int numClass) {
        if (numClass < 1) {
            throw new IllegalArgumentException("numClass must be positive: " + numClass);
        }
        return new ClassNames(List.of(), numClass, "class numbers (no class names found)");
    }

    /** The names for a {@code numClass}-way model loaded from {@code weights} (see class doc). */
    public static ClassNames forWeights(Path weights, int numClass) {
        Path abs = weights.toAbsolutePath();
        Path dir = abs.getParent();
        List<Path> candidates = new ArrayList<>();
        candidates.add(abs.resolveSibling(stem(abs.getFileName().toString()) + ".json"));
        if (dir != null) {
            candidates.add(dir.resolve(RunDirectory.CONFIG));
            if (dir.getParent() != null) {
                candidates.add(dir.getParent().resolve(RunDirectory.CONFIG));
            }
        }
        for (Path c : candidates) {
            Optional<List<String>> found = classesIn(c, numClass);
            if (found.isPresent()) {
                return of(found.get(), c.getFileName().toString());
            }
        }
        if (numClass == 1000) {
            Optional<ClassNames> imagenet = imagenet();
            if (imagenet.isPresent()) {
                return imagenet.get();
            }
        }
        return numbered(numClass);
    }

    /** ImageNet-1k's names from the bundled {@code assets/labels/imagenet-1k.txt}, if found. */
    public static Optional<ClassNames> imagenet() {
        Optional<Path> file = Assets.locate(Assets.IMAGENET_LABELS);
        if (file.isEmpty()) {
            LOG.warn("{} not found; ImageNet classes are shown as numbers", Assets.IMAGENET_LABELS);
            return Optional.empty();
        }
        try {
            List<String> lines =
                    Files.readAllLines(file.get(), StandardCharsets.UTF_8).stream()
                            .filter(l -> !l.isBlank())
                            .map(String::strip)
                            .toList();
            if (lines.size() != 1000) {
                LOG.warn("{} has {} names, not 1000; ignored", file.get(), lines.size());
                return Optional.empty();
            }
            return Optional.of(of(lines, "ImageNet-1k"));
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", file.get(), e.toString());
            return Optional.empty();
        }
    }

    /** The {@code "classes"} of a JSON file, when it has exactly {@code numClass} of them. */
    static Optional<List<String>> classesIn(Path json, int numClass) {
        if (!Files.isRegularFile(json)) {
            return Optional.empty();
        }
        JsonNode classes;
        try {
            classes = JSON.readTree(json.toFile()).get("classes");
        } catch (IOException e) {
            LOG.warn("Ignoring {} for class names: {}", json, e.getMessage());
            return Optional.empty();
        }
        if (classes == null || !classes.isArray()) {
            return Optional.empty();
        }
        if (classes.size() != numClass) {
            LOG.warn(
                    "Ignoring the {} class names in {}: the model has {} classes",
                    classes.size(),
                    json,
                    numClass);
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        classes.forEach(c -> names.add(c.asText()));
        return Optional.of(names);
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** The name of class {@code index}, e.g. "sneaker", or "class 7" when none is known. */
    public String name(int index) {
        Objects.checkIndex(index, size);
        return names.isEmpty() ? "class " + index : names.get(index);
    }

    /** Number of classes. */
    public int size() {
        return size;
    }

    /** Where the names came from: a file name, "ImageNet-1k" or "class numbers (...)". */
    public String source() {
        return source;
    }

    /** True when no names were found and classes are shown as numbers. */
    public boolean isNumbered() {
        return names.isEmpty();
    }
}
