package dev.repmlp.app.evaluate;

/**
 * A row of the per-class table. Fractions in [0, 1], NaN when undefined.
 *
 * @param index the class index
 * @param name the class name
 * @param precision correct / predicted as the class
 * @param recall correct / support (the class's top-1)
 * @param f1 harmonic mean of precision and recall
 * @param top5 images of the class with it among the top-5 / support
 * @param support images of the class
 */
public record ClassRow(
        int index,
        String name,
        double precision,
        double recall,
        double f1,
        double top5,
        long support) {}
