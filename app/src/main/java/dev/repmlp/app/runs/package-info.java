/**
 * Runs: the run directories ({@code config.json}, {@code metrics.jsonl}, {@code state.json}, {@code
 * checkpoints/}) written by the GUI or the CLI, listed, opened, followed while another process
 * writes them (reading {@code metrics.jsonl} from the last offset every second), overlaid and
 * exported as CSV. {@link dev.repmlp.app.runs.RunsFolder} is the folder both the Train and the Runs
 * page use.
 */
package dev.repmlp.app.runs;
