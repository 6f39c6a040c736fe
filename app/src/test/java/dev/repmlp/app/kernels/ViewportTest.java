package dev.repmlp.app.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ViewportTest {

    @Test
    void zoomKeepsTheCellUnderTheMouse() {
        Viewport full = Viewport.full(64);
        Viewport z = full.zoom(2, 0.75, 0.25);
        assertEquals(32, z.extent());
        // cell (16, 48) was under (0.25, 0.75) and still is
        assertEquals(full.rowAt(0.25), z.rowAt(0.25));
        assertEquals(full.colAt(0.75), z.colAt(0.75));
    }

    @Test
    void zoomStopsAtFourCellsAndAtTheWholeMatrix() {
        Viewport v = Viewport.full(64);
        for (int i = 0; i < 40; i++) {
            v = v.zoom(1.25, 0.5, 0.5);
        }
        assertEquals(Viewport.MIN_CELLS, v.extent());
        for (int i = 0; i < 40; i++) {
            v = v.zoom(0.8, 0.1, 0.9);
        }
        assertTrue(v.isFull());
        assertEquals(Viewport.full(3), Viewport.full(3).zoom(2, 0.5, 0.5));
    }

    @Test
    void dragMovesTheContentWithTheMouseAndStaysInside() {
        Viewport v = new Viewport(64, 16, 16, 16);
        // dragging right by half a panel shows columns further left
        assertEquals(8, v.drag(0.5, 0).col0());
        assertEquals(16, v.drag(0.5, 0).row0());
        assertEquals(0, v.drag(5, 5).col0());
        assertEquals(48, v.drag(-5, -5).row0());
    }

    @Test
    void positionsMapToCells() {
        Viewport v = new Viewport(64, 8, 4, 16);
        assertEquals(8, v.rowAt(0));
        assertEquals(23, v.rowAt(1));
        assertEquals(4 + 8, v.colAt(0.5));
        assertTrue(v.showsRow(23));
        assertFalse(v.showsRow(24));
        assertEquals(0.5 / 16, v.rowCentre(8), 1e-12);
    }
}
