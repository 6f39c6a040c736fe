package dev.repmlp.app.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The page's matrix arithmetic, without the FX toolkit. */
class ConfusionMatrixTest {
    private final ConfusionMatrix m =
            new ConfusionMatrix(
                    List.of("a", "b", "c"), new long[][] {{3, 1, 0}, {0, 0, 0}, {2, 2, 4}});

    @Test
    void rowFractionsAndAccuracyByHand() {
        assertEquals(0.75, m.rowFraction(0, 0), 1e-12); // 3 of a's 4 images
        assertEquals(0.25, m.rowFraction(2, 1), 1e-12); // 2 of c's 8
        assertEquals(0.0, m.rowFraction(1, 1), 1e-12); // empty row
        assertEquals(7.0 / 12, m.accuracy(), 1e-12); // (3 + 0 + 4) / 12
        assertEquals(4, m.max());
    }

    @Test
    void aCellDescribesItselfWithItsShareOfTheRow() {
        assertEquals("c predicted as b: 2 (25.0% of c)", m.describe(2, 1)); // 2 of c's 8
        assertEquals("b predicted as b: 0 (0.0% of b)", m.describe(1, 1)); // empty row
    }

    @Test
    void rowsMustMatchTheClasses() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ConfusionMatrix(List.of("a"), new long[][] {{1}, {2}}));
    }
}
