package dev.repmlp.app.charts;

/**
 * What the charts plot of one training step.
 *
 * @param step global step, counting from 1
 * @param loss training loss
 * @param lr learning rate
 */
public record StepPoint(double step, double loss, double lr) {}
