package dev.repmlp.app.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.repmlp.app.TrainingFixtures;
import dev.repmlp.app.concurrent.DirectJobRunner;
import dev.repmlp.app.tracking.RunsFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.SimpleBooleanProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resume's choice of run, on run folders as the engine writes them, without the FX toolkit. */
class ResumeChooserTest {
    @TempDir Path runs;

    private final List<String> said = new ArrayList<>();
    private final SimpleBooleanProperty running = new SimpleBooleanProperty();

    private ResumeChooser chooser() {
        return new ResumeChooser(new DirectJobRunner(), new RunsFolder(runs), running, said::add);
    }

    @Test
    void proposesTheStoppedRunNotTheCompletedOne() throws Exception {
        TrainingFixtures.run(runs.resolve("done"), "RepMLPNet-Demo", "completed", 2, 2);
        Path stopped =
                TrainingFixtures.run(runs.resolve("stopped"), "RepMLPNet-Demo", "cancelled", 5, 2);
        ResumeChooser chooser = chooser();
        assertNull(chooser.targetProperty().get());
        assertEquals("", chooser.textProperty().get());

        chooser.findResumable();

        assertEquals(stopped, chooser.targetProperty().get());
        assertEquals("Resume continues " + stopped, chooser.textProperty().get());
    }

    @Test
    void noProposalWhileARunTrains() throws Exception {
        TrainingFixtures.run(runs.resolve("stopped"), "RepMLPNet-Demo", "cancelled", 5, 2);
        ResumeChooser chooser = chooser();
        running.set(true);

        chooser.findResumable();

        assertNull(chooser.targetProperty().get());
    }

    @Test
    void aCompletedRunCannotBeChosenAndSaysWhy() throws Exception {
        Path done = TrainingFixtures.run(runs.resolve("done"), "RepMLPNet-Demo", "completed", 2, 2);
        ResumeChooser chooser = chooser();

        chooser.choose(done);
        chooser.choose(runs.resolve("nowhere"));

        assertNull(chooser.targetProperty().get());
        assertEquals(2, said.size(), said.toString());
        assertEquals("done cannot be resumed: it is completed", said.get(0));
        assertEquals(true, said.get(1).startsWith("Cannot resume: "), said.get(1));
    }
}
