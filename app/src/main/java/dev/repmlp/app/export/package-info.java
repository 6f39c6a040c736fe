/**
 * Files the pages export from what they show (PNG snapshots), written atomically through the
 * engine's {@code AtomicFiles}. No view code here: callers take the snapshot on the FX thread and
 * hand it to a background job.
 */
package dev.repmlp.app.export;
