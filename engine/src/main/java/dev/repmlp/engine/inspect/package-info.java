/**
 * Inspection of re-parameterisation, for the Kernels page and {@code repmlp check}: the fc3 kernel
 * of one shareset split into its BN-fused, locality and injected parts ({@link
 * dev.repmlp.engine.inspect.KernelViews}) and the train-vs-deploy equivalence report. The folding
 * itself is {@code engine.reparam}'s.
 */
package dev.repmlp.engine.inspect;
