/**
 * Evaluate: a model on an ImageFolder, its confusion matrix, per-class results and the gallery of a
 * cell's images; or a saved report (a run's best-val, {@code repmlp test --report}).
 */
package dev.repmlp.app.evaluate;
