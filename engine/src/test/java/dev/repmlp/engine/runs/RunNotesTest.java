package dev.repmlp.engine.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repmlp.engine.cli.RepMlpCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** notes.json: round trip, damaged files, atomic replacement, and the CLI reading it. */
class RunNotesTest {
    @TempDir Path tmp;

    private Path run(String name) throws IOException {
        Path dir = tmp.resolve("runs").resolve(name);
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve(RunDirectory.CONFIG),
                "{\"training\":{\"model\":{\"name\":\"tiny\"},\"epochs\":3},\"dataset\":\"/d\"}");
        return dir;
    }

    @Test
    void roundTripKeepsNotesAndTagsInOrder() throws IOException {
        Path dir = run("a");
        assertEquals(RunNotes.EMPTY, RunNotes.read(dir));
        RunNotes n =
                new RunNotes(
                        "lr 4e-3 diverged once,\nresumed \u00e9 \"quoted\"",
                        List.of("t224", "baseline"));
        RunNotes.write(dir, n);
        assertEquals(n, RunNotes.read(dir));
        // written as documented: a format field, the text and the list
        JsonNode j = new ObjectMapper().readTree(dir.resolve(RunNotes.FILE).toFile());
        assertEquals(RunNotes.FORMAT, j.get("format").asText());
        assertEquals("t224", j.get("tags").get(0).asText());
        assertEquals(2, j.get("tags").size());
        // emptied notes remove the file
        RunNotes.write(dir, RunNotes.EMPTY);
        assertFalse(Files.exists(dir.resolve(RunNotes.FILE)));
        assertEquals(RunNotes.EMPTY, RunNotes.read(dir));
    }

    @Test
    void tagsAreParsedStrippedAndDeduplicated() {
        assertEquals(
                List.of("baseline", "t224"), RunNotes.parseTags(" baseline, t224,,baseline ,"));
        assertEquals(List.of(), RunNotes.parseTags("  "));
        assertEquals(List.of("a", "b"), new RunNotes("", List.of(" a", "b", "a ")).tags());
        assertThrows(IllegalArgumentException.class, () -> new RunNotes("", List.of(" ")));
        assertThrows(IllegalArgumentException.class, () -> new RunNotes("", List.of("a,b")));
        RunNotes n = new RunNotes("Diverged at epoch 3", List.of("Baseline"));
        assertTrue(n.mentions("baseLINE"));
        assertTrue(n.mentions("diverged"));
        assertTrue(n.mentions(""));
        assertFalse(n.mentions("t224"));
    }

    @Test
    void aDamagedFileGivesOneLineNamingItAndTheFixAndIsLeftAlone() throws IOException {
        Path dir = run("a");
        Path file = dir.resolve(RunNotes.FILE);
        String[] damaged = {
            "{\"notes\": \"half", // cut off
            "[1, 2]",
            "{\"notes\": 3}",
            "{\"tags\": \"baseline\"}",
            "{\"tags\": [\"\"]}",
            "{\"format\": \"something-else/2\", \"notes\": \"x\"}"
        };
        for (String text : damaged) {
            Files.writeString(file, text);
            IOException e = assertThrows(IOException.class, () -> RunNotes.read(dir), text);
            String m = e.getMessage();
            assertTrue(m.startsWith(file + " is damaged ("), m);
            assertTrue(
                    m.endsWith("fix it in a text editor or delete it to start the notes afresh"),
                    m);
            assertEquals(1, m.lines().count(), m);
            assertEquals(text, Files.readString(file), "the damaged file is kept as it was");
        }
    }

    @Test
    void notesAreKeptInRunDirectoriesOnly() throws IOException {
        Path notARun = Files.createDirectories(tmp.resolve("plain"));
        IOException e =
                assertThrows(
                        IOException.class,
                        () -> RunNotes.write(notARun, new RunNotes("x", List.of())));
        assertEquals(
                notARun
                        + " is not a run directory (no config.json); notes are kept in a run's folder",
                e.getMessage());
        assertFalse(Files.exists(notARun.resolve(RunNotes.FILE)));
    }

    /**
     * A writer killed halfway through the new file (the {@code repmlp.fault} hook halts its JVM
     * with part of the bytes written) leaves the old notes readable and whole.
     */
    @Test
    void aWriterKilledMidWriteLeavesTheOldNotes() throws Exception {
        Path dir = run("a");
        RunNotes old = new RunNotes("the old note", List.of("old"));
        RunNotes.write(dir, old);
        byte[] before = Files.readAllBytes(dir.resolve(RunNotes.FILE));

        String longNote = "new ".repeat(5000);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-Drepmlp.fault=" + RunNotes.FILE + ":mid:kill");
        cmd.add(RunNotesWriter.class.getName());
        cmd.add(dir.toString());
        cmd.add(longNote);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), out);

        // the half-written temporary file is there, beside the untouched old one
        List<Path> leftovers;
        try (Stream<Path> s = Files.list(dir)) {
            leftovers = s.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
        assertEquals(1, leftovers.size(), leftovers.toString());
        assertTrue(Files.size(leftovers.get(0)) > 0);
        assertTrue(Files.size(leftovers.get(0)) < longNote.length());
        assertEquals(
                new String(before, StandardCharsets.UTF_8),
                Files.readString(dir.resolve(RunNotes.FILE)));
        assertEquals(old, RunNotes.read(dir));

        // the same child without the fault replaces it completely
        cmd.remove(3);
        Process q = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out2 = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(q.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, q.exitValue(), out2);
        assertEquals(new RunNotes(longNote, List.of("new")), RunNotes.read(dir));
    }

    @Test
    void runsJsonCarriesNotesAndTagsAndNamesADamagedFile() throws IOException {
        Path a = run("a");
        Path b = run("b");
        RunNotes.write(a, new RunNotes("first try", List.of("baseline", "t224")));
        Files.writeString(b.resolve(RunNotes.FILE), "{oops");

        CommandLine cl = RepMlpCli.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(0, cl.execute("runs", "--json", tmp.resolve("runs").toString()));
        JsonNode list = new ObjectMapper().readTree(out.toString());
        assertEquals(2, list.size());
        for (JsonNode r : list) {
            if (r.get("name").asText().equals("a")) {
                assertEquals("first try", r.get("notes").asText());
                assertEquals("baseline", r.get("tags").get(0).asText());
                assertEquals("t224", r.get("tags").get(1).asText());
                assertFalse(r.has("notes_problem"));
            } else {
                assertEquals("", r.get("notes").asText());
                assertEquals(0, r.get("tags").size());
                assertTrue(
                        r.get("notes_problem")
                                .asText()
                                .contains(b.resolve(RunNotes.FILE) + " is damaged"),
                        r.toString());
            }
        }
    }
}
