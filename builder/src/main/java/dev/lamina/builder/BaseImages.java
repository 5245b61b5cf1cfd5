package dev.lamina.builder;

import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.NotFoundException;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.ImageResolver;
import dev.lamina.image.json.Manifest;
import dev.lamina.image.store.Catalog;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the images a Dockerfile names ({@code FROM busybox}, {@code COPY --from=alpine:3.19}) come from. The
 * builder knows nothing of registries: the command line wires this to the store, then to a pull into the store.
 */
@FunctionalInterface
public interface BaseImages {
    /**
     * The image {@code reference} names, for {@code platform}, with all its blobs in the store.
     *
     * @throws NotFoundException when it exists nowhere this provider looks; the message says where it looked
     */
    BaseImage resolve(ImageReference reference, Platform platform) throws IOException;

    /** Images already in the store only. */
    static BaseImages fromStore(Store store) {
        return (reference, platform) -> findInStore(store, reference, platform).orElseThrow(() ->
                new NotFoundException("no such image in the store: " + reference.familiar()));
    }

    /**
     * The image as the store holds it, when it holds it for {@code platform} with every layer: a single-platform
     * image of another platform, or an index whose entry for this platform was not pulled, is not there.
     */
    static Optional<BaseImage> findInStore(Store store, ImageReference reference, Platform platform)
            throws IOException {
        Optional<Catalog.Entry> entry = new Catalog(store).find(reference);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        ImageResolver.ResolvedImage image;
        try {
            image = new ImageResolver(new StoreSource(store)).resolve(entry.get().descriptor(), platform);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        Platform found = image.config().platform();
        if (!found.isEmpty() && !platform.canRun(found) && !sameOsArch(platform, found)) {
            return Optional.empty();
        }
        Manifest manifest = image.manifest();
        List<Digest> diffIds = image.config().diffIds();
        if (diffIds.size() != manifest.layers().size()) {
            throw new LaminaException("image " + reference.familiar() + " in the store: " + manifest.layers().size()
                    + " layers but " + diffIds.size() + " diff_ids in its config");
        }
        List<LayerRef> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            if (!store.hasBlob(manifest.layers().get(i).digest())) {
                return Optional.empty();
            }
            layers.add(new LayerRef(manifest.layers().get(i), diffIds.get(i)));
        }
        String name = reference.digest().isPresent() ? reference.toString()
                : reference.withDigest(image.manifestDescriptor().digest()).toString();
        return Optional.of(new BaseImage(name, image.manifestDescriptor(), image.config(), layers, false));
    }

    private static boolean sameOsArch(Platform a, Platform b) {
        return a.os().equals(b.os()) && a.normalize().architecture().equals(b.normalize().architecture());
    }
}
