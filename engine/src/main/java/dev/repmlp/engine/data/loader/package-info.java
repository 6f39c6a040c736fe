/**
 * Streaming, prefetching data loading: {@link dev.repmlp.engine.data.loader.Prefetcher} decodes and
 * transforms the samples of the next batches on N worker threads into a bounded number of ready
 * batches while the current step runs (PyTorch's {@code DataLoader(num_workers=N, prefetch_factor)}
 * in one process). Memory is bounded by the batches in flight, never by the size of the dataset.
 */
package dev.repmlp.engine.data.loader;
