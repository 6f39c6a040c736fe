/**
 * Bridges files and models: reads and writes RepMLPNet weights in upstream's {@code state_dict}
 * layout ({@code .pth} or {@code .safetensors}), loads them strictly with explanations, and
 * describes what a checkpoint holds.
 */
package dev.repmlp.engine.checkpoint;
