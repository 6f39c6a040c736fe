/**
 * RepMLP Workbench engine: RepMLPNet (Ding et al., CVPR 2022) on DJL with the PyTorch engine. This
 * module never depends on JavaFX or any GUI library; the app module builds on it.
 */
package dev.repmlp.engine;
