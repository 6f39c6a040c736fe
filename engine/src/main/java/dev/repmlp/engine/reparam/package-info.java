/**
 * Structural re-parameterisation as upstream names it: {@code fuse_bn}, conv-to-FC and the
 * equivalent fc3 of {@code local_inject}. Plain math on arrays, below the model: {@code
 * model.RepMlpBlock}, {@code infer.FusedDeploy} and {@code inspect.KernelViews} use it.
 */
package dev.repmlp.engine.reparam;
