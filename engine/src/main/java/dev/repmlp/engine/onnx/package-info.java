/**
 * ONNX export and ONNX Runtime inference: {@link dev.repmlp.engine.onnx.OnnxExporter} writes the
 * deploy-time RepMLPNet (locality-injected, BatchNorms folded) as an {@code .onnx} file and
 * verifies it with ONNX Runtime; {@link dev.repmlp.engine.onnx.OnnxModel} runs such a file. The
 * protobuf is written by a small wire-format writer from the ONNX IR specification (onnx.proto
 * field numbers); see docs/architecture.md.
 */
package dev.repmlp.engine.onnx;
