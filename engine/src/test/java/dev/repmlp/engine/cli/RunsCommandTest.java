package dev.repmlp.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repmlp.engine.runs.RunDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repmlp runs}' table. */
class RunsCommandTest {
    @TempDir Path tmp;

    private void run(String name) throws IOException {
        Path dir = tmp.resolve("runs").resolve(name);
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve(RunDirectory.CONFIG),
                "{\"training\":{\"model\":{\"name\":\"tiny\"},\"epochs\":3},\"dataset\":\"/d\"}");
    }

    @Test
    void columnsStayAlignedWhenANameIsLongerThanTheDefaultWidth() throws IOException {
        // a default run name is preset-date-time: 30 characters for RepMLPNet-Demo
        run("RepMLPNet-Demo-20261130-185123");
        run("a");
        StringWriter out = new StringWriter();
        var cl = RepMlpCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(0, cl.execute("runs", tmp.resolve("runs").toString()));
        List<String> lines = out.toString().lines().toList();
        assertEquals(3, lines.size(), out.toString());
        int model = lines.get(0).indexOf("MODEL");
        assertTrue(model > "RepMLPNet-Demo-20261130-185123".length(), lines.get(0));
        for (String line : lines.subList(1, 3)) {
            assertEquals("tiny", line.substring(model, model + 4), out.toString());
            assertEquals(' ', line.charAt(model - 1), out.toString());
        }
    }
}
