package dev.repmlp.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.app.concurrent.DirectJobRunner;
import dev.repmlp.engine.runs.RunNotes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing, saving and filtering notes without the FX toolkit (jobs run in place). */
class RunNotesModelTest {
    @TempDir Path tmp;

    private RunRow run(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(
                dir.resolve("config.json"), "{\"training\":{\"model\":{\"name\":\"tiny\"}}}");
        return new RunRow(
                dir, name, "tiny", "d", "/d", 50, 1, 2, "completed", false, Instant.EPOCH);
    }

    @Test
    void editSaveSwitchAndFilter() throws IOException {
        RunRow a = run("a");
        RunRow b = run("b");
        RunNotes.write(b.dir(), new RunNotes("old note", List.of("sgd")));
        RunNotesModel m = new RunNotesModel(new DirectJobRunner());
        m.load(List.of(a, b));
        assertEquals(List.of("sgd"), m.notesOf(b.dir()).tags());

        m.edit(b);
        assertEquals("sgd", m.tagsTextProperty().get());
        assertEquals("old note", m.notesTextProperty().get());
        assertFalse(m.isDirty());

        m.edit(a);
        m.tagsTextProperty().set("baseline,  t224 ,");
        m.notesTextProperty().set("first try");
        assertTrue(m.isDirty());
        // switching runs saves the edits first
        m.edit(b);
        assertEquals(
                new RunNotes("first try", List.of("baseline", "t224")), RunNotes.read(a.dir()));
        assertEquals("baseline, t224", m.tagsTextOf(a.dir()));
        assertEquals("old note", m.notesTextProperty().get());

        m.filterProperty().set("T224 first");
        assertTrue(m.predicateProperty().get().test(a));
        assertFalse(m.predicateProperty().get().test(b));
        m.filterProperty().set("old");
        assertFalse(m.predicateProperty().get().test(a));
        assertTrue(m.predicateProperty().get().test(b));

        // emptied notes remove the file
        m.tagsTextProperty().set("");
        m.notesTextProperty().set("");
        m.save();
        assertFalse(Files.exists(b.dir().resolve(RunNotes.FILE)));
        assertTrue(m.messageProperty().get().startsWith("Saved the notes of b"));
    }

    @Test
    void aDamagedFileIsNamedAndNotOverwritten() throws IOException {
        RunRow a = run("a");
        Files.writeString(a.dir().resolve(RunNotes.FILE), "[1, 2]");
        RunNotesModel m = new RunNotesModel(new DirectJobRunner());
        m.load(List.of(a));
        m.edit(a);
        assertTrue(m.messageProperty().get().contains("notes.json is damaged (not a JSON object)"));
        assertEquals("(notes.json damaged)", m.notesLineOf(a.dir()));
        m.notesTextProperty().set("new");
        m.save();
        assertTrue(m.messageProperty().get().startsWith("Not saved, so as not to overwrite it: "));
        assertEquals("[1, 2]", Files.readString(a.dir().resolve(RunNotes.FILE)));
    }

    @Test
    void aFailedWriteKeepsTheEditsAndSaysWhy() throws IOException {
        RunRow a = run("a");
        RunNotesModel m = new RunNotesModel(new DirectJobRunner());
        m.load(List.of(a));
        m.edit(a);
        // the run directory is gone (moved away): the write fails, the edits stay unsaved
        Files.delete(a.dir().resolve("config.json"));
        m.notesTextProperty().set("keep me");
        m.save();
        assertTrue(
                m.messageProperty().get().startsWith("Cannot save the notes of a: "),
                m.messageProperty().get());
        assertEquals("keep me", m.notesTextProperty().get());
        assertTrue(m.isDirty());
        assertEquals(RunNotes.EMPTY, m.notesOf(a.dir()));
    }
}
