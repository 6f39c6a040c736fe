/** Kernels: the fc3 weights of RepMLP blocks before and after locality injection. */
package dev.repmlp.app.kernels;
