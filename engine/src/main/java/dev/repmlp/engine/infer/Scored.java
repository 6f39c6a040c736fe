package dev.repmlp.engine.infer;

/**
 * One entry of a top-k list.
 *
 * @param label the class index
 * @param className its name (see {@link ClassNames})
 * @param probability its softmax probability, 0..1
 */
public record Scored(int label, String className, double probability) {}
