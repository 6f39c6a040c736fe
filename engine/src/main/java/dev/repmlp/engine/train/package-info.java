/**
 * Training: upstream's recipe ({@code main_repmlp.py}, Swin-Transformer codebase) as a synchronous
 * {@link dev.repmlp.engine.train.TrainingRun} that reports through listeners and polls a cancel
 * flag, writing a run directory that the CLI and the GUI share.
 */
package dev.repmlp.engine.train;
