package dev.repmlp.app.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LrFormatTest {

    @Test
    void smallNumbersGetShortScientificLabels() {
        assertEquals("0", LrFormat.label(0));
        assertEquals("2e-4", LrFormat.label(2e-4));
        assertEquals("1.5e-3", LrFormat.label(0.0015));
        assertEquals("1e-3", LrFormat.label(0.001));
        assertEquals("0.05", LrFormat.label(0.05));
        assertEquals("-2.5e-7", LrFormat.label(-2.5e-7));
    }
}
