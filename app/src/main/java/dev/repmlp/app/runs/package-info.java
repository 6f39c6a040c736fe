/**
 * Runs: the run directories ({@code config.json}, {@code metrics.jsonl}, {@code checkpoints/})
 * written by the GUI or the CLI.
 */
package dev.repmlp.app.runs;
