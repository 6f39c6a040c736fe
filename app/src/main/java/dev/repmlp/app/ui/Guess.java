package dev.repmlp.app.ui;

/**
 * One class of a top-k list as the views show it.
 *
 * @param label the class name
 * @param probability its probability, 0..1
 */
public record Guess(String label, double probability) {}
