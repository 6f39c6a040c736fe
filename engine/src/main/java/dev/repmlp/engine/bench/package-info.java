/** Benchmarks behind {@code repmlp bench}: timing and memory of inference and training steps. */
package dev.repmlp.engine.bench;
