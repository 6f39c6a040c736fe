package dev.repmlp.engine.runs;

import java.nio.file.Path;
import java.util.List;

/**
 * A child process for {@link RunNotesTest}: writes notes.json in the run directory {@code args[0]}
 * with the note {@code args[1]} and the tag {@code new}, so a fault point can stop it mid-write.
 */
final class RunNotesWriter {
    private RunNotesWriter() {}

    public static void main(String[] args) throws Exception {
        RunNotes.write(Path.of(args[0]), new RunNotes(args[1], List.of("new")));
    }
}
