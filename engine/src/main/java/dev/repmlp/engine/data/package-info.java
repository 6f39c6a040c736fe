/**
 * Image data: ImageFolder datasets (torchvision's layout), image decoding and the preprocessing of
 * upstream's evaluation (resize short side, centre crop, ImageNet normalisation).
 */
package dev.repmlp.engine.data;
