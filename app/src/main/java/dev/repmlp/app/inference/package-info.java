/**
 * View-model helpers shared by the pages that run a model on images (classify, compare): how a
 * loaded model is described, previews of what the network sees, the bundled sample images. No nodes
 * here.
 */
package dev.repmlp.app.inference;
