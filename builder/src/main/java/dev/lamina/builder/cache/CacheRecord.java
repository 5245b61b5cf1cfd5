package dev.lamina.builder.cache;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lamina.builder.LayerRef;
import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;

/**
 * What a step made, kept under its cache key: its layer, when it was made (the history entry's time, so that a
 * rebuild from the cache gives the same config and image ID), and the instruction, for people reading the store.
 */
public record CacheRecord(@JsonProperty("layer") Descriptor layer, @JsonProperty("diffId") Digest diffId,
        @JsonProperty("created") String created, @JsonProperty("step") String step) {

    public LayerRef layerRef() {
        return new LayerRef(layer, diffId);
    }
}
