package dev.lamina.cli;

import dev.lamina.builder.BaseImage;
import dev.lamina.builder.BaseImages;
import dev.lamina.image.Descriptor;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.NotFoundException;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.CopyListener;
import dev.lamina.image.copy.CopyOptions;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.registry.RegistryClient;
import dev.lamina.registry.RegistrySource;
import dev.lamina.registry.StoreMountSources;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Base images for {@code lamina build}: from the store when it has the image for the platform (as buildah's default
 * pull policy, "missing", does), else pulled from its registry into the store under its name, as {@code lamina pull}
 * does; with {@code --pull}, always pulled (a tag may have moved).
 */
final class RegistryBaseImages implements BaseImages {
    private final Store store;
    private final Supplier<RegistryClient> client;
    private final boolean alwaysPull;
    private final CopyListener progress;

    /** {@code client} is asked for only when an image must be pulled (making one loads the TLS stack). */
    RegistryBaseImages(Store store, Supplier<RegistryClient> client, boolean alwaysPull, CopyListener progress) {
        this.store = store;
        this.client = client;
        this.alwaysPull = alwaysPull;
        this.progress = progress;
    }

    @Override
    public BaseImage resolve(ImageReference reference, Platform platform) throws IOException {
        if (!alwaysPull) {
            Optional<BaseImage> stored = BaseImages.findInStore(store, reference, platform);
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        try (RegistrySource source = client.get().source(reference);
             StoreDestination destination = new StoreDestination(store)) {
            Descriptor top = source.resolve(Optional.empty());
            StoreMountSources sources = new StoreMountSources(store);
            ImageCopier.copy(source, top, destination, CopyOptions.defaults().withPlatform(Optional.of(platform))
                    .withTags(List.of(reference.toString())).withListener(sources.recording(reference, progress)));
            destination.commit();
        } catch (LaminaException e) {
            throw new NotFoundException("not in the store, and not pulled from its registry: " + e.getMessage());
        }
        BaseImage pulled = BaseImages.findInStore(store, reference, platform).orElseThrow(() ->
                new NotFoundException(reference.familiar() + " has no image for " + platform));
        return new BaseImage(pulled.name(), pulled.manifest(), pulled.config(), pulled.layers(), true);
    }
}
