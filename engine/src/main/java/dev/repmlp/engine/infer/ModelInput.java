package dev.repmlp.engine.infer;

import dev.repmlp.engine.data.Preprocess;
import dev.repmlp.engine.data.RgbImage;

/**
 * An image prepared by upstream's eval transform: the cropped RGB image the network sees and its
 * normalised CHW tensor.
 */
record ModelInput(RgbImage cropped, float[] tensor) {

    static ModelInput of(RgbImage image, int resolution) {
        RgbImage cropped = Preprocess.resizeCenterCrop(image, resolution);
        return new ModelInput(
                cropped,
                Preprocess.toTensor(cropped, Preprocess.IMAGENET_MEAN, Preprocess.IMAGENET_STD));
    }
}
