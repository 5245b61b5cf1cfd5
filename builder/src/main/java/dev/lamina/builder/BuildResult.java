package dev.lamina.builder;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.json.ImageConfig;

/**
 * A built image: its manifest, config and layers are in the store, unnamed (naming it is the caller's choice).
 *
 * @param imageId the config digest, which Docker shows as the image ID
 * @param stepsRun how many steps ran; the others came from the cache
 * @param stepsCached how many steps came from the cache
 */
public record BuildResult(Descriptor manifest, Digest imageId, ImageConfig config, int stepsRun, int stepsCached) {
}
