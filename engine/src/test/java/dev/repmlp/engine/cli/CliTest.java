package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.io.HostTensor;
import dev.repmlp.engine.io.Npy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line end to end on a tiny custom config. */
class CliTest {

    @TempDir Path tmp;

    record Outcome(int exit, String out, String err) {}

    static Outcome run(String... args) {
        CommandLine cl = RepMlpCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    private Path tinyConfig() throws IOException {
        Path c = tmp.resolve("tiny.json");
        Files.writeString(
                c,
                "{\"name\": \"tiny\", \"num_class\": 3, \"num_blocks\": [1, 1], \"channels\": [8,"
                        + " 16], \"hs\": [2, 2], \"ws\": [4, 2], \"sharesets_nums\": [2, 4],"
                        + " \"reparam_conv_k\": [1, 3, 5], \"image_size\": 16}");
        return c;
    }

    @Test
    void runsRefusesAFileGivenAsTheFolderOfRuns() throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-folder.txt"), "x");
        Outcome o = run("runs", file.toString());
        assertEquals(2, o.exit(), o.out());
        assertTrue(o.err().contains("is a file, not a folder of runs"), o.err());
        assertTrue(o.err().lines().count() == 1, o.err());
        assertTrue(o.out().isEmpty(), o.out());
        // a folder that does not exist yet is simply empty (train creates it)
        Outcome missing = run("runs", tmp.resolve("none-yet").toString());
        assertEquals(0, missing.exit(), missing.err());
        assertTrue(missing.out().startsWith("no runs in"), missing.out());
    }

    @Test
    void checkReportsEveryBlockAndPassesTheTolerance() throws IOException {
        Outcome o = run("check", "--config", tinyConfig().toString());
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("stages.1.0.repmlp_block"), o.out());
        assertTrue(o.out().contains("EQUIVALENT: max |logit difference|"), o.out());
    }

    @Test
    void checkExitsOneAboveTheTolerance() throws IOException {
        // rounding alone makes the difference non-zero, so a zero tolerance must fail
        Outcome o = run("check", "--config", tinyConfig().toString(), "--tolerance", "0");
        assertEquals(1, o.exit(), o.out());
        assertTrue(o.out().contains("NOT EQUIVALENT"), o.out());
    }

    @Test
    void convertThenLogitsAgreeAcrossStructuresAndInfoSeesDeploy() throws IOException {
        Path cfg = tinyConfig();
        Path train = tmp.resolve("train.pth");
        // make train-time weights: convert needs some; export a random net via check's path
        Outcome init = run("convert", "--help");
        assertEquals(0, init.exit());
        dev.repmlp.engine.model.RepMlpNet net =
                new dev.repmlp.engine.model.RepMlpNet(
                        dev.repmlp.engine.model.RepMlpNetConfig.readJson(cfg), false);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            net.initialize(m);
            dev.repmlp.engine.model.NetState.randomizeBatchNorms(
                    net, 1, m.randomNormal(new ai.djl.ndarray.types.Shape(2, 3, 16, 16)));
            dev.repmlp.engine.checkpoint.Weights.save(net, train);
        }
        Path deploy = tmp.resolve("deploy.safetensors");
        Outcome c = run("convert", train.toString(), deploy.toString(), "--config", cfg.toString());
        assertEquals(0, c.exit(), c.err());
        assertTrue(
                c.out()
                        .contains(
                                "self-check at 16x16 (the config's resolution): max |logit difference|"),
                c.out());

        Outcome info = run("info", deploy.toString());
        assertTrue(info.out().contains("deploy-time"), info.out());

        float[] x = new float[2 * 3 * 16 * 16];
        Random r = new Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        Path in = tmp.resolve("x.npy");
        Npy.write(in, HostTensor.ofFloats(new long[] {2, 3, 16, 16}, x));
        Path yt = tmp.resolve("yt.npy");
        Path yd = tmp.resolve("yd.npy");
        assertEquals(
                0,
                run(
                                "logits",
                                "--config",
                                cfg.toString(),
                                "--weights",
                                train.toString(),
                                "--mode",
                                "train",
                                "--input",
                                in.toString(),
                                "--out",
                                yt.toString())
                        .exit());
        assertEquals(
                0,
                run(
                                "logits",
                                "--config",
                                cfg.toString(),
                                "--weights",
                                deploy.toString(),
                                "--mode",
                                "deploy",
                                "--input",
                                in.toString(),
                                "--out",
                                yd.toString())
                        .exit());
        float[] a = Npy.read(yt).toFloatArray();
        float[] b = Npy.read(yd).toFloatArray();
        assertEquals(6, a.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5);
        }
        // loading the deploy file as train-time weights is refused with the structure named
        Outcome wrong =
                run(
                        "logits",
                        "--config",
                        cfg.toString(),
                        "--weights",
                        deploy.toString(),
                        "--mode",
                        "train",
                        "--input",
                        in.toString(),
                        "--out",
                        yt.toString());
        assertEquals(2, wrong.exit());
        assertTrue(wrong.err().contains("deploy-time"), wrong.err());
    }

    @Test
    void testCommandEvaluatesAFolderAndSkipsUnreadableImages() throws IOException {
        Path cfg = tinyConfig();
        Path data = tmp.resolve("data");
        Random r = new Random(1);
        for (String cls : new String[] {"a", "b", "c"}) {
            Path d = Files.createDirectories(data.resolve("val").resolve(cls));
            for (int i = 0; i < 3; i++) {
                BufferedImage img = new BufferedImage(20, 24, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 24; y++) {
                    for (int xx = 0; xx < 20; xx++) {
                        img.setRGB(xx, y, r.nextInt(1 << 24));
                    }
                }
                ImageIO.write(img, "png", d.resolve(i + ".png").toFile());
            }
        }
        Files.writeString(data.resolve("val/a/broken.jpg"), "not an image");
        Path w = tmp.resolve("w.pth");
        dev.repmlp.engine.model.RepMlpNet net =
                new dev.repmlp.engine.model.RepMlpNet(
                        dev.repmlp.engine.model.RepMlpNetConfig.readJson(cfg), false);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            net.initialize(m);
            dev.repmlp.engine.checkpoint.Weights.save(net, w);
        }
        Outcome o =
                run(
                        "test",
                        data.toString(),
                        "check",
                        w.toString(),
                        "--config",
                        cfg.toString(),
                        "-b",
                        "4");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("Acc@1"), o.out());
        assertTrue(o.out().contains("(9 images, 1 unreadable skipped"), o.out());
    }

    @Test
    void badInputsGiveOneClearLine() throws IOException {
        Outcome missing = run("info", tmp.resolve("nope.pth").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().startsWith("error: "), missing.err());
        assertTrue(missing.err().contains("nope.pth"), missing.err());

        Path bad = tmp.resolve("bad.json");
        Files.writeString(
                bad,
                "{\"channels\": [10], \"num_blocks\": [1], \"hs\": [4],"
                        + " \"ws\": [4], \"sharesets_nums\": [4], \"image_size\": 16}");
        Outcome cfg = run("check", "--config", bad.toString());
        assertEquals(2, cfg.exit());
        assertTrue(cfg.err().contains("channels 10 not divisible by sharesets_nums 4"), cfg.err());
        assertTrue(!cfg.err().contains("\tat "), "no stack trace: " + cfg.err());
    }

    @Test
    void testReportMatchesThePrintedTop1AndItsOwnRows() throws IOException {
        Path cfg = tinyConfig();
        Path data = tmp.resolve("data");
        Random r = new Random(2);
        for (String cls : new String[] {"a", "b", "c"}) {
            Path d = Files.createDirectories(data.resolve("val").resolve(cls));
            for (int i = 0; i < 4; i++) {
                BufferedImage img = new BufferedImage(18, 16, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 16; y++) {
                    for (int xx = 0; xx < 18; xx++) {
                        img.setRGB(xx, y, r.nextInt(1 << 24));
                    }
                }
                ImageIO.write(img, "png", d.resolve(i + ".png").toFile());
            }
        }
        Files.writeString(data.resolve("val/b/broken.png"), "not an image");
        Path w = tmp.resolve("w.pth");
        dev.repmlp.engine.model.RepMlpNet net =
                new dev.repmlp.engine.model.RepMlpNet(
                        dev.repmlp.engine.model.RepMlpNetConfig.readJson(cfg), false);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            net.initialize(m);
            dev.repmlp.engine.model.NetState.randomizeBatchNorms(
                    net, 3, m.randomNormal(new ai.djl.ndarray.types.Shape(2, 3, 16, 16)));
            dev.repmlp.engine.checkpoint.Weights.save(net, w);
        }
        Path rep = tmp.resolve("report");
        Outcome o =
                run(
                        "test",
                        data.toString(),
                        "check",
                        w.toString(),
                        "--config",
                        cfg.toString(),
                        "-b",
                        "5",
                        "--report",
                        rep.toString());
        assertEquals(0, o.exit(), o.err());
        java.util.regex.Matcher acc =
                java.util.regex.Pattern.compile("Acc@1 ([0-9.]+) Acc@5 ([0-9.]+)").matcher(o.out());
        assertTrue(acc.find(), o.out());
        double printedTop1 = Double.parseDouble(acc.group(1));

        // the matrix: diagonal sum / images = the printed top-1
        java.util.List<String> conf = Files.readAllLines(rep.resolve("confusion.csv"));
        assertEquals(",a,b,c", conf.get(0));
        long diag = 0;
        long total = 0;
        long[][] m = new long[3][3];
        for (int i = 0; i < 3; i++) {
            String[] cells = conf.get(i + 1).split(",");
            assertEquals(new String[] {"a", "b", "c"}[i], cells[0]);
            for (int j = 0; j < 3; j++) {
                m[i][j] = Long.parseLong(cells[j + 1]);
                total += m[i][j];
            }
            diag += m[i][i];
        }
        assertEquals(12, total);
        assertEquals(printedTop1, Math.round(100_000.0 * diag / total) / 1000.0, 1e-9);

        // recompute the matrix independently from predictions.csv's rows
        java.util.List<String> rows = Files.readAllLines(rep.resolve("predictions.csv"));
        assertTrue(rows.get(0).endsWith(",loss,max_abs_logit_diff,same_top1"), rows.get(0));
        assertEquals(13, rows.size());
        long[][] again = new long[3][3];
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",", -1);
            int t = "abc".indexOf(c[1]);
            int p = "abc".indexOf(c[2]);
            again[t][p]++;
            assertEquals(c[2], c[4], "predicted = top1_class");
            // paths relative to summary.json's data (the val folder), as class/file
            assertTrue(c[0].matches("[abc]/[0-9]+\\.png"), c[0]);
            assertTrue(Files.isRegularFile(data.resolve("val").resolve(c[0])), c[0]);
            // 3 classes: top-5 holds 3, probabilities summing to 1, the predicted one first
            double sum =
                    Double.parseDouble(c[5]) + Double.parseDouble(c[7]) + Double.parseDouble(c[9]);
            assertEquals(1.0, sum, 1e-4);
            assertEquals("", c[10]);
            assertTrue(Double.parseDouble(c[15]) < 1e-3, "train vs deploy logits: " + row);
            assertEquals("true", c[16]);
        }
        for (int i = 0; i < 3; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(m[i], again[i]);
        }
        String summary = Files.readString(rep.resolve("summary.json"));
        assertTrue(summary.contains("\"unreadable\" : 1"), summary);
        assertTrue(summary.contains("\"images\" : 12"), summary);
        assertTrue(summary.contains("\"mode\" : \"check\""), summary);
        assertTrue(summary.contains("\"same_top1\" : 12"), summary);
        assertTrue(
                summary.contains("\"data\" : \"" + data.resolve("val").toAbsolutePath() + "\""),
                summary);
        java.util.List<String> per = Files.readAllLines(rep.resolve("per_class.csv"));
        assertEquals(4, per.size());
        for (int i = 0; i < 3; i++) {
            String[] c = per.get(i + 1).split(",", -1);
            assertEquals("4", c[5], "support");
            for (int k = 1; k <= 4; k++) {
                assertTrue(c[k].isEmpty() || c[k].matches("[01]\\.[0-9]{6}"), per.get(i + 1));
            }
            if (!c[2].isEmpty()) {
                assertEquals(m[i][i] / 4.0, Double.parseDouble(c[2]), 1e-6, "recall");
            }
        }
    }

    @Test
    void reportToAFileIsRefusedBeforeLoadingAnythingAndTheFileIsKept() throws IOException {
        Path file = tmp.resolve("results.txt");
        Files.writeString(file, "keep me");
        Outcome o =
                run(
                        "test",
                        tmp.resolve("data").toString(),
                        "train",
                        tmp.resolve("missing.pth").toString(),
                        "--config",
                        tinyConfig().toString(),
                        "--report",
                        file.toString());
        assertEquals(2, o.exit(), o.out());
        // the report check comes first: neither the missing data nor the missing weights are named
        assertTrue(
                o.err().contains("--report " + file + " is a file, not a folder: give a folder"),
                o.err());
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void reportRefusesSlurmAndOnnxSayingWhyAndWhatToDo() {
        Path data = tmp.resolve("data");
        Outcome slurm =
                run(
                        "test",
                        data.toString(),
                        "deploy",
                        "w.pth",
                        "--slurm",
                        "--report",
                        tmp.resolve("rep").toString());
        assertTrue(slurm.exit() != 0, slurm.out());
        assertTrue(
                slurm.err()
                        .contains(
                                "--report cannot go with --slurm: the shards' merge adds up"
                                        + " totals only"),
                slurm.err());
        assertTrue(
                slurm.err().contains("drop --slurm to write the report on one machine"),
                slurm.err());
        Outcome onnx =
                run(
                        "test",
                        data.toString(),
                        "deploy",
                        "m.onnx",
                        "--report",
                        tmp.resolve("rep").toString());
        assertTrue(onnx.exit() != 0, onnx.out());
        assertTrue(onnx.err().contains("--report cannot go with .onnx weights"), onnx.err());
        assertTrue(
                onnx.err()
                        .contains(
                                "run --report on the .pth/.safetensors weights it was exported from"),
                onnx.err());
        assertTrue(Files.notExists(tmp.resolve("rep")));
    }
}
