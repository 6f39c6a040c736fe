/**
 * Checkpoint and array file I/O in pure Java: PyTorch {@code torch.save} zip files ({@link
 * dev.repmlp.engine.io.TorchPth}), safetensors ({@link dev.repmlp.engine.io.SafeTensors}) and NumPy
 * {@code .npy} ({@link dev.repmlp.engine.io.Npy}).
 *
 * <p>Tensors are plain {@link dev.repmlp.engine.io.HostTensor}s (dtype, shape, little-endian
 * C-contiguous bytes); this package uses no DJL type, the model layer converts. Every malformed
 * input is reported as a {@link dev.repmlp.engine.io.CheckpointFormatException} whose message names
 * the file, the problem and what to do about it. See {@code docs/io.md}.
 */
package dev.repmlp.engine.io;
