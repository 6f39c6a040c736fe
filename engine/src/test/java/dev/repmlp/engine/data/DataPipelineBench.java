package dev.repmlp.engine.data;

import dev.repmlp.engine.data.augment.RandAugment;
import dev.repmlp.engine.data.augment.RandomHorizontalFlip;
import dev.repmlp.engine.data.augment.RandomResizedCrop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Single-thread harness for the per-image data pipeline (not a test): images/s and a per-stage
 * profile of the eval transform (read, decode, Resize + CenterCrop, ToTensor + Normalize) and of
 * the raug15 train transform (read, decode, RandomResizedCrop, flip, RandAugment, ToTensor +
 * Normalize). Run by {@code tools/bench/data_harness.sh DIR [RES] [SECONDS]}; prints one JSON
 * object per mode. Every file of the folder is read from disk on each pass (the page cache keeps
 * them), as a DataLoader does. {@code cpu_images_per_second} divides by the process's CPU time (JIT
 * and GC threads included) instead of the wall clock: the fairer per-core figure on a shared,
 * loaded machine, where the wall clock counts the time other processes hold the core.
 */
public final class DataPipelineBench {
    private DataPipelineBench() {}

    /**
     * @param args DIR, resolution (default 224), seconds per mode (default 10), modes (default
     *     "decode,eval,train")
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int res = args.length > 1 ? Integer.parseInt(args[1]) : 224;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        String modes = args.length > 3 ? args[3] : "decode,eval,train";
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files =
                    s.filter(Files::isRegularFile)
                            .filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".jpg"))
                            .sorted()
                            .toList();
        }
        for (String mode : modes.split(",")) {
            run(mode, files, res, Math.min(2, seconds / 5)); // warm-up (JIT)
            System.out.println(run(mode, files, res, seconds));
        }
    }

    private static String run(String mode, List<Path> files, int res, double seconds)
            throws IOException, ImageDecodeException {
        RandomResizedCrop rrc = RandomResizedCrop.standard();
        RandomHorizontalFlip flip = RandomHorizontalFlip.standard();
        RandAugment raug = RandAugment.raug15();
        String[] names =
                switch (mode) {
                    case "decode" -> new String[] {"read", "decode"};
                    case "eval" -> new String[] {"read", "decode", "resize_crop", "to_tensor"};
                    case "train" ->
                            new String[] {
                                "read",
                                "decode",
                                "random_resized_crop",
                                "flip",
                                "randaugment",
                                "to_tensor"
                            };
                    default -> throw new IllegalArgumentException(mode);
                };
        long[] ns = new long[names.length];
        long images = 0;
        long checksum = 0;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            for (Path f : files) {
                SplittableRandom rnd = new SplittableRandom(images);
                long t0 = System.nanoTime();
                byte[] bytes = Files.readAllBytes(f);
                long t1 = System.nanoTime();
                RgbImage img = ImageDecoder.decode(bytes);
                long t2 = System.nanoTime();
                ns[0] += t1 - t0;
                ns[1] += t2 - t1;
                float[] x = null;
                switch (mode) {
                    case "eval" -> {
                        RgbImage c = Preprocess.resizeCenterCrop(img, res);
                        long t3 = System.nanoTime();
                        x =
                                Preprocess.toTensor(
                                        c, Preprocess.IMAGENET_MEAN, Preprocess.IMAGENET_STD);
                        long t4 = System.nanoTime();
                        ns[2] += t3 - t2;
                        ns[3] += t4 - t3;
                    }
                    case "train" -> {
                        RgbImage c = rrc.apply(img, res, rnd);
                        long t3 = System.nanoTime();
                        RgbImage fl = flip.apply(c, rnd);
                        long t4 = System.nanoTime();
                        RgbImage a = raug.apply(fl, rnd);
                        long t5 = System.nanoTime();
                        x =
                                Preprocess.toTensor(
                                        a, Preprocess.IMAGENET_MEAN, Preprocess.IMAGENET_STD);
                        long t6 = System.nanoTime();
                        ns[2] += t3 - t2;
                        ns[3] += t4 - t3;
                        ns[4] += t5 - t4;
                        ns[5] += t6 - t5;
                    }
                    default -> {}
                }
                checksum += x == null ? img.rgb()[0] : Float.floatToIntBits(x[x.length / 2]);
                images++;
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "{\"mode\": \"%s\", \"decoder\": \"%s\", \"resolution\": %d, \"images\": %d,"
                                + " \"seconds\": %.2f, \"images_per_second\": %.1f,"
                                + " \"cpu_seconds\": %.2f, \"cpu_images_per_second\": %.1f,"
                                + " \"ms_per_image\": {",
                        mode,
                        JpegFastPath.enabled()
                                ? JpegFastPath.backend().name().toLowerCase(Locale.ROOT)
                                : "imageio",
                        res,
                        images,
                        elapsed,
                        images / elapsed,
                        cpu,
                        images / cpu));
        for (int i = 0; i < names.length; i++) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%s\"%s\": %.3f",
                            i == 0 ? "" : ", ",
                            names[i],
                            ns[i] / 1e6 / images));
        }
        sb.append("}, \"checksum\": ").append(checksum).append('}');
        return sb.toString();
    }
}
