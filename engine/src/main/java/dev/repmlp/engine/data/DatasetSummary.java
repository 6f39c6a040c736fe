package dev.repmlp.engine.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * What a training dataset ({@code ROOT/train/<class>/*}, {@code ROOT/val/<class>/*}) holds, for a
 * launch form: classes, images per class and split, files that do not decode, and a few sample
 * images. Layout problems (a missing split, splits with different classes) are listed with the fix,
 * the way training would report them.
 *
 * <p>Decoding every image of a large dataset takes long, so at most {@code checkLimit} images per
 * split are decoded, spread evenly over the split; {@link Split#checked()} says how many.
 *
 * @param root the dataset folder
 * @param classes class names of the train split (else of the first split found)
 * @param splits the splits found, train before val
 * @param problems what stops training on this folder (empty when usable)
 */
public record DatasetSummary(
        Path root, List<String> classes, List<Split> splits, List<String> problems) {

    /** The splits a training dataset needs, in this order. */
    public static final List<String> SPLITS = List.of("train", "val");

    /** Images decoded per split by {@link #scan(Path)}. */
    public static final int DEFAULT_CHECK_LIMIT = 5000;

    /** Sample images picked by {@link #scan(Path)}. */
    public static final int DEFAULT_SAMPLES = 12;

    /**
     * One split.
     *
     * @param name "train" or "val"
     * @param classes its class folders in label order
     * @param counts images per class, index = label
     * @param checked images decoded to look for unreadable files
     * @param unreadable files among the checked ones that do not decode
     * @param samples readable images, a few per class in turn
     */
    public record Split(
            String name,
            List<String> classes,
            List<Integer> counts,
            int checked,
            List<Path> unreadable,
            List<Path> samples) {

        public Split {
            classes = List.copyOf(classes);
            counts = List.copyOf(counts);
            unreadable = List.copyOf(unreadable);
            samples = List.copyOf(samples);
        }

        /** All images of the split. */
        public int images() {
            return counts.stream().mapToInt(Integer::intValue).sum();
        }

        /** Images of class {@code name}, 0 if the split lacks it. */
        public int count(String className) {
            int i = classes.indexOf(className);
            return i < 0 ? 0 : counts.get(i);
        }
    }

    public DatasetSummary {
        classes = List.copyOf(classes);
        splits = List.copyOf(splits);
        problems = List.copyOf(problems);
    }

    /** Scans {@code root} with the default limits. */
    public static DatasetSummary scan(Path root) {
        return scan(root, DEFAULT_CHECK_LIMIT, DEFAULT_SAMPLES, () -> false);
    }

    /**
     * Scans {@code root}; never throws for a bad folder, it lists the problem instead.
     *
     * @param checkLimit most images decoded per split
     * @param samples sample images to pick from the train split
     * @param cancelled polled between images; when it turns true the scan ends early with what it
     *     has
     */
    public static DatasetSummary scan(
            Path root, int checkLimit, int samples, BooleanSupplier cancelled) {
        List<String> problems = new ArrayList<>();
        List<Split> splits = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            problems.add(
                    "dataset folder "
                            + root
                            + " not found; choose a folder holding train/<class>/* and"
                            + " val/<class>/*");
            return new DatasetSummary(root, List.of(), splits, problems);
        }
        for (String name : SPLITS) {
            Path dir = root.resolve(name);
            if (!Files.isDirectory(dir)) {
                problems.add(
                        root
                                + " has no "
                                + name
                                + "/ folder; expected ROOT/train/<class>/* and"
                                + " ROOT/val/<class>/* (ImageFolder layout)");
                continue;
            }
            ImageFolder folder;
            try {
                folder = ImageFolder.scan(dir);
            } catch (IOException e) {
                problems.add(name + "/: " + e.getMessage());
                continue;
            }
            Split split =
                    check(name, folder, checkLimit, name.equals("train") ? samples : 0, cancelled);
            if (split.checked() > 0 && split.unreadable().size() == split.checked()) {
                problems.add(
                        name
                                + "/ holds no readable image ("
                                + split.checked()
                                + " checked); JPEG, PNG, BMP and GIF files are read");
            }
            splits.add(split);
        }
        if (splits.size() == 2 && !splits.get(0).classes().equals(splits.get(1).classes())) {
            List<String> onlyTrain = new ArrayList<>(splits.get(0).classes());
            onlyTrain.removeAll(splits.get(1).classes());
            List<String> onlyVal = new ArrayList<>(splits.get(1).classes());
            onlyVal.removeAll(splits.get(0).classes());
            problems.add(
                    "train/ and val/ hold different classes (only in train: "
                            + onlyTrain
                            + ", only in val: "
                            + onlyVal
                            + "); give both splits the same class folders");
        }
        List<String> classes = splits.isEmpty() ? List.of() : splits.get(0).classes();
        return new DatasetSummary(root, classes, splits, problems);
    }

    private static Split check(
            String name, ImageFolder folder, int limit, int samples, BooleanSupplier cancelled) {
        int n = folder.size();
        int checkedCount = Math.min(n, Math.max(0, limit));
        // an even spread over the sorted samples, so every class gets checked
        int[] indices =
                IntStream.range(0, checkedCount)
                        .map(i -> (int) ((long) i * n / checkedCount))
                        .toArray();
        boolean[] bad = new boolean[indices.length];
        boolean[] done = new boolean[indices.length];
        IntStream.range(0, indices.length)
                .parallel()
                .forEach(
                        i -> {
                            if (cancelled.getAsBoolean()) {
                                return;
                            }
                            bad[i] = !decodes(folder.samples().get(indices[i]).path());
                            done[i] = true;
                        });
        List<Path> unreadable = new ArrayList<>();
        int checked = 0;
        List<List<Path>> readableByClass = new ArrayList<>();
        for (int c = 0; c < folder.classes().size(); c++) {
            readableByClass.add(new ArrayList<>());
        }
        for (int i = 0; i < indices.length; i++) {
            if (!done[i]) {
                continue;
            }
            checked++;
            ImageFolder.Sample s = folder.samples().get(indices[i]);
            if (bad[i]) {
                unreadable.add(s.path());
            } else {
                readableByClass.get(s.label()).add(s.path());
            }
        }
        List<Path> picked = new ArrayList<>();
        for (int round = 0; picked.size() < samples; round++) {
            boolean any = false;
            for (List<Path> paths : readableByClass) {
                if (round < paths.size() && picked.size() < samples) {
                    picked.add(paths.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        List<Integer> counts = Arrays.stream(folder.countsPerClass()).boxed().toList();
        return new Split(name, folder.classes(), counts, checked, unreadable, picked);
    }

    /** Whether {@code file} decodes as {@link RgbImage#read} decodes it (the same decoder). */
    static boolean decodes(Path file) {
        try {
            RgbImage.read(file);
            return true;
        } catch (ImageDecodeException e) {
            return false;
        }
    }

    /** The split called {@code name}, if found. */
    public Optional<Split> split(String name) {
        return splits.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** True when training can use this folder. */
    public boolean isUsable() {
        return problems.isEmpty();
    }

    /** All unreadable files of all splits. */
    public List<Path> unreadable() {
        return splits.stream().flatMap(s -> s.unreadable().stream()).toList();
    }
}
