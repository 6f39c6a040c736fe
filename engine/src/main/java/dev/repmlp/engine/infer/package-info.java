/** Inference: evaluation over image folders, classification of single images. */
package dev.repmlp.engine.infer;
