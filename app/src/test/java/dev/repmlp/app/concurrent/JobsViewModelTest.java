package dev.repmlp.app.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobsViewModelTest {

    @Test
    void noJobsReadsIdle() {
        assertEquals("idle", JobsViewModel.describe(List.of()));
    }

    @Test
    void oneJobIsNamedInTheSingular() {
        assertEquals("1 job running: Training", JobsViewModel.describe(List.of("Training")));
    }

    @Test
    void severalJobsAreListedInOrder() {
        assertEquals(
                "2 jobs running: Training, Export",
                JobsViewModel.describe(List.of("Training", "Export")));
    }

    @Test
    void longListsNameThreeJobsAndCountTheRest() {
        assertEquals(
                "5 jobs running: a, b, c, +2 more",
                JobsViewModel.describe(List.of("a", "b", "c", "d", "e")));
    }

    @Test
    void startsIdleWithoutTheFxToolkit() {
        JobsViewModel jobs = new JobsViewModel();

        assertEquals(0, jobs.getRunningCount());
        assertEquals("idle", jobs.getSummary());
        assertTrue(jobs.runningNames().isEmpty());
    }
}
