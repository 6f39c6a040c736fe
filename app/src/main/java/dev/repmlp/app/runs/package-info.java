/**
 * Runs: the run directories ({@code config.json}, {@code metrics.jsonl}, {@code state.json}, {@code
 * checkpoints/}) written by the GUI or the CLI, listed, opened, followed while another process
 * writes them (reading {@code metrics.jsonl} from the last offset every second), overlaid and
 * exported as CSV. The runs folder it lists is {@link dev.repmlp.app.tracking.RunsFolder}, shared
 * with the Train page.
 */
package dev.repmlp.app.runs;
