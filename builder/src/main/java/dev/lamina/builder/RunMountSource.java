package dev.lamina.builder;

import dev.lamina.dockerfile.instructions.Mount;
import java.util.List;
import java.util.Optional;

/**
 * A {@code RUN --mount}, its values expanded and checked, with what its {@code from=} names already resolved: the
 * layers of that stage or image (bottom first, blobs in the store). Without {@code from=}, a bind mount's source is
 * in the build context ({@link RunStep#contextRoot()}).
 */
public record RunMountSource(Mount mount, Optional<List<LayerRef>> fromLayers) {
    public RunMountSource {
        fromLayers = fromLayers.map(List::copyOf);
    }
}
