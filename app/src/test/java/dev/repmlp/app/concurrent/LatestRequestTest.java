package dev.repmlp.app.concurrent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Runs without the FX toolkit. */
class LatestRequestTest {
    private final LatestRequest requests = new LatestRequest();

    @Test
    void onlyTheLatestRequestWins() {
        LatestRequest.Ticket first = requests.next();
        assertTrue(first.isLatest());

        LatestRequest.Ticket second = requests.next();

        assertFalse(first.isLatest(), "overtaken");
        assertTrue(second.isLatest());
    }

    @Test
    void invalidateOvertakesEveryRequest() {
        LatestRequest.Ticket t = requests.next();

        requests.invalidate();

        assertFalse(t.isLatest());
        assertTrue(requests.next().isLatest());
    }

    @Test
    void requestsOfAnotherHelperDoNotInterfere() {
        LatestRequest other = new LatestRequest();
        LatestRequest.Ticket mine = requests.next();

        other.next();
        other.next();

        assertTrue(mine.isLatest());
    }
}
