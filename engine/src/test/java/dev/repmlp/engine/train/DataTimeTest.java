package dev.repmlp.engine.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The run log's data-time advice. */
class DataTimeTest {

    @Test
    void theHintAsksForMoreWorkersOnlyWhileThereAreFewerThanTheCores() {
        assertNull(DataTime.hint(0.3, 1, 8));
        String few = DataTime.hint(0.6, 2, 8);
        assertTrue(few.contains("more workers (--workers, up to the 8 cores)"), few);
        String all = DataTime.hint(0.6, 8, 8);
        assertFalse(all.contains("more workers (--workers"), all);
        assertTrue(all.contains("one per core already"), all);
        assertTrue(all.contains("faster disk"), all);
        assertTrue(all.contains("in-memory cache"), all);
        assertTrue(all.contains("60%"), all);
        // more workers than cores (asked for explicitly): no advice to add more either
        assertFalse(DataTime.hint(0.6, 12, 8).contains("more workers (--workers"));
    }
}
