/**
 * Evaluation reports: the confusion matrix, per-class results and per-image predictions of an
 * evaluation pass ({@code repmlp test --report}, training's best validation epoch), written as CSV
 * and JSON and read back without re-evaluating.
 */
package dev.repmlp.engine.eval;
