package dev.repmlp.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.infer.EvalResult;
import dev.repmlp.engine.infer.Scores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Report files against counts worked out by hand from chosen logits. */
class EvalReportTest {

    @TempDir Path tmp;

    private static final List<String> CLASSES =
            List.of("cat", "dog", "fox, red", "owl", "eel", "yak");

    /** Logits with class {@code order[0]} highest, then order[1], ... (6 classes). */
    private static Scores ranked(int... order) {
        float[] l = new float[6];
        java.util.Arrays.fill(l, -10f);
        for (int i = 0; i < order.length; i++) {
            l[order[i]] = 5f - i;
        }
        return Scores.of(l, 0, 6);
    }

    @Test
    void matrixTablesAndRowsMatchHandCounts() throws IOException {
        Path dir = tmp.resolve("report");
        try (EvalReport r = EvalReport.streaming(CLASSES, dir, i -> "img" + i + ".png", false)) {
            // true cat: predicted cat, cat, dog (dog's image has cat 2nd: top-5 hit)
            r.onSample(0, 0, ranked(0, 1), null);
            r.onSample(1, 0, ranked(0, 2), null);
            r.onSample(2, 0, ranked(1, 0), null);
            // true dog: predicted cat; dog is 6th (not in top-5)
            r.onSample(3, 1, ranked(0, 2, 3, 4, 5, 1), null);
            // true fox: predicted fox
            r.onSample(4, 2, ranked(2), null);
            // true owl: predicted dog, owl 5th (top-5 hit)
            r.onSample(5, 3, ranked(1, 0, 2, 4, 3, 5), null);
            // NaN logits: no prediction, not in the matrix
            float[] nan = {Float.NaN, 0, 0, 0, 0, 0};
            r.onSample(6, 4, Scores.of(nan, 0, 6), null);
            r.write(
                    null,
                    new EvalResult(100.0 * 3 / 7, 100.0 * 5 / 7, 1.0, 7, 1, 1),
                    Map.of("model", "hand"));
        }
        String confusion = Files.readString(dir.resolve(EvalReport.CONFUSION));
        assertEquals(
                ",cat,dog,\"fox, red\",owl,eel,yak\n"
                        + "cat,2,1,0,0,0,0\n"
                        + "dog,1,0,0,0,0,0\n"
                        + "\"fox, red\",0,0,1,0,0,0\n"
                        + "owl,0,1,0,0,0,0\n"
                        + "eel,0,0,0,0,0,0\n"
                        + "yak,0,0,0,0,0,0\n",
                confusion);

        // every fraction with six decimals: 1.000000 beside 0.666667, not 1.00000
        List<String> perClass = Files.readAllLines(dir.resolve(EvalReport.PER_CLASS));
        assertEquals("cat,0.666667,0.666667,0.666667,1.000000,3,2,3,3", perClass.get(1));
        assertEquals("dog,0.000000,0.000000,0.000000,0.000000,1,0,2,0", perClass.get(2));
        assertTrue(perClass.get(4).startsWith("owl,,0.000000,"), perClass.get(4));

        SavedReport s = SavedReport.read(dir);
        assertEquals(CLASSES, s.classes());
        assertEquals(3, s.correct());
        assertEquals(6, s.total());
        // cat: predicted 3 times (2 right): precision 2/3, recall 2/3, F1 2/3, top-5 3/3
        ClassResult cat = s.perClass().get(0);
        assertEquals(2.0 / 3, cat.precision(), 1e-12);
        assertEquals(2.0 / 3, cat.recall(), 1e-12);
        assertEquals(2.0 / 3, cat.f1(), 1e-12);
        assertEquals(1.0, cat.top5(), 1e-12);
        assertEquals(3, cat.support());
        // dog: predicted twice, never right; its one image has dog 6th
        ClassResult dog = s.perClass().get(1);
        assertEquals(0.0, dog.precision(), 1e-12);
        assertEquals(0.0, dog.recall(), 1e-12);
        assertEquals(0.0, dog.f1(), 1e-12);
        assertEquals(0.0, dog.top5(), 1e-12);
        // owl: 1 image, owl 5th -> top-5 1/1; never predicted -> precision undefined
        ClassResult owl = s.perClass().get(3);
        assertTrue(Double.isNaN(owl.precision()));
        assertEquals(1.0, owl.top5(), 1e-12);
        // eel: its one image had NaN logits: support 1, no top-5 hit
        assertEquals(1, s.perClass().get(4).support());
        assertEquals(0, s.perClass().get(4).top5Correct());

        assertEquals(1, s.summary().get("non_finite").asInt());
        assertEquals(1, s.summary().get("unreadable").asInt());
        assertEquals("hand", s.summary().get("model").asText());

        List<PredictionRow> catAsDog = s.cell("cat", "dog");
        assertEquals(1, catAsDog.size());
        PredictionRow p = catAsDog.get(0);
        assertEquals("img2.png", p.path());
        assertEquals(List.of("dog", "cat", "fox, red", "owl", "eel"), p.topClasses());
        // softmax of (5, 4, -10 x 4): p(dog) = 1 / (1 + e^-1 + 4 e^-15)
        double z = 1 + Math.exp(-1) + 4 * Math.exp(-15);
        assertEquals(1 / z, p.probability(), 1e-5);
        assertEquals(Math.log(z) + 1, p.loss(), 1e-5); // -log p(cat) = log z + 1
        assertEquals(2, s.cell("cat", "cat").size());
        assertEquals(7, s.predictions(x -> true).size());
        PredictionRow bad = s.predictions(x -> x.trueClass().equals("eel")).get(0);
        assertEquals("", bad.predicted());
        assertTrue(Double.isNaN(bad.loss()));
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void aDamagedSavedReportIsRefusedNamingTheFileAndTheFix(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(EvalReport.SUMMARY), "{\"top1\": 50.0}");
        Files.writeString(dir.resolve(EvalReport.PER_CLASS), "class\n");
        Path conf = dir.resolve(EvalReport.CONFUSION);
        java.util.Map<String, String> cases =
                java.util.Map.of(
                        "", "is damaged: empty",
                        ",a,b\na,1,0\n", "is damaged: has 1 rows for 2 classes (cut short?)",
                        ",a,b\na,1,0\nb,x,2\n", "is damaged: row 3 holds \"x\" where a count");
        for (var c : cases.entrySet()) {
            Files.writeString(conf, c.getKey());
            IOException e = assertThrows(IOException.class, () -> SavedReport.read(dir));
            assertTrue(e.getMessage().startsWith(conf + " " + c.getValue()), e.getMessage());
            assertTrue(e.getMessage().endsWith("with `repmlp test --report`"), e.getMessage());
        }
        Files.writeString(conf, ",a,b\na,1,0\nb,0,2\n");
        Files.writeString(dir.resolve(EvalReport.PER_CLASS), "class\na,1.0,1.0\n");
        IOException e = assertThrows(IOException.class, () -> SavedReport.read(dir));
        assertTrue(e.getMessage().contains("row 2 has 3 cells, expected 9"), e.getMessage());
        Files.writeString(dir.resolve(EvalReport.SUMMARY), "{\"top1\": ");
        e = assertThrows(IOException.class, () -> SavedReport.read(dir));
        assertTrue(
                e.getMessage().startsWith(dir.resolve(EvalReport.SUMMARY) + " is damaged"),
                e.getMessage());
    }

    @Test
    void closingWithoutWritingLeavesNoFiles() throws IOException {
        Path dir = tmp.resolve("aborted");
        try (EvalReport r = EvalReport.streaming(CLASSES, dir, i -> "x", true)) {
            r.onSample(0, 0, ranked(0), ranked(0));
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void csvCellsRoundTrip() {
        for (String s : List.of("plain", "a,b", "say \"hi\"", "", "\"")) {
            assertEquals(List.of(s, "x"), Csv.split(Csv.cell(s) + ",x"));
        }
    }

    @Test
    void predictionPathsAreRelativeToTheDatasetRootWithSlashes() {
        Path root = tmp.resolve("data/val");
        assertEquals("cat/001.png", EvalReport.pathUnder(root, root.resolve("cat/001.png")));
        // a relative root and an absolute file name the same place
        Path rel = Path.of("").toAbsolutePath().relativize(root.toAbsolutePath());
        assertEquals("a b/x.png", EvalReport.pathUnder(rel, root.resolve("a b/x.png")));
        Path outside = tmp.resolve("elsewhere/x.png");
        assertEquals(outside.toAbsolutePath().toString(), EvalReport.pathUnder(root, outside));
    }
}
