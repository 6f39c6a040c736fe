package dev.repmlp.engine.runs;

/**
 * Images skipped as unreadable, as an epoch record of metrics.jsonl carries them ({@code
 * unreadable_train}, {@code unreadable_val}, {@code unreadable_total}).
 *
 * @param train training images skipped in the epoch
 * @param val val images skipped by the epoch's validation (0 when it was not validated; the EMA
 *     pass over the same files is not counted again)
 * @param total images skipped in the whole run up to the end of the epoch, epochs before a resume
 *     included
 */
public record Unreadable(long train, long val, long total) {}
