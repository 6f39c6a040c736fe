package dev.repmlp.app.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Runs without the FX toolkit. */
class FailuresTest {

    @Test
    void failureReasonComesFromTheFirstCauseWithAMessage() {
        Exception wrapped = new RuntimeException(null, new IllegalStateException(" no natives "));

        assertEquals("no natives", Failures.describe(wrapped));
    }

    @Test
    void failureWithoutMessageIsNamedByItsType() {
        assertEquals("NullPointerException", Failures.describe(new NullPointerException()));
    }

    @Test
    void theOutermostMessageWins() {
        Exception e = new IOException("cannot read a.pth", new IllegalStateException("inner"));

        assertEquals("cannot read a.pth", Failures.describe(e));
    }

    @Test
    void noErrorIsAnUnknownError() {
        assertEquals("unknown error", Failures.describe(null));
    }
}
