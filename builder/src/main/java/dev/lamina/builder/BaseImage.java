package dev.lamina.builder;

import dev.lamina.image.Descriptor;
import dev.lamina.image.json.ImageConfig;
import java.util.List;

/**
 * An image a stage starts from (or copies from), resolved for one platform, with every blob in the store.
 *
 * @param name what was resolved, as a user reads it ({@code docker.io/library/busybox:latest@sha256:…})
 * @param manifest the platform's manifest
 * @param config its config
 * @param layers its layers, bottom first
 * @param pulled whether it had to be fetched for this build (else it was in the store)
 */
public record BaseImage(String name, Descriptor manifest, ImageConfig config, List<LayerRef> layers, boolean pulled) {
    public BaseImage {
        layers = List.copyOf(layers);
    }
}
