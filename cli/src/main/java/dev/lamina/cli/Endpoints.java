package dev.lamina.cli;

import dev.lamina.image.Descriptor;
import dev.lamina.image.copy.ImageDestination;
import dev.lamina.image.copy.ImageSource;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.store.StoreSource;
import dev.lamina.registry.MountSources;
import java.io.IOException;

/**
 * Opens the source or destination an {@link ImageLocation} names. Each transport's details live with its
 * module; this only dispatches.
 */
final class Endpoints {
    private Endpoints() {
    }

    static ImageSource source(ImageLocation location, Lamina lamina) throws IOException {
        return source(location, lamina, true);
    }

    /** @param tlsVerify for a registry: whether to require verified HTTPS */
    static ImageSource source(ImageLocation location, Lamina lamina, boolean tlsVerify) throws IOException {
        return switch (location.transport()) {
            case STORE -> new StoreSource(lamina.store());
            case REGISTRY -> lamina.registries().client(tlsVerify).source(registryReference(location));
            case DOCKER_ARCHIVE, OCI, OCI_ARCHIVE -> throw notYet(location);
        };
    }

    static ImageDestination destination(ImageLocation location, Lamina lamina) throws IOException {
        return destination(location, lamina, true, MountSources.NONE);
    }

    /**
     * @param tlsVerify for a registry: whether to require verified HTTPS
     * @param mounts for a registry: where else its blobs may already be, to mount rather than upload
     */
    static ImageDestination destination(ImageLocation location, Lamina lamina, boolean tlsVerify, MountSources mounts)
            throws IOException {
        return switch (location.transport()) {
            case STORE -> new StoreDestination(lamina.store());
            case REGISTRY -> lamina.registries().client(tlsVerify).destination(registryReference(location), mounts);
            case DOCKER_ARCHIVE, OCI, OCI_ARCHIVE -> throw notYet(location);
        };
    }

    /** An opened source with the top-level image the location names. */
    record Opened(ImageSource source, Descriptor topLevel, ImageLocation location) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            source.close();
        }
    }

    static Opened open(String text, Lamina lamina) throws IOException {
        ImageLocation location = ImageLocation.parse(text);
        ImageSource source = source(location, lamina);
        try {
            return new Opened(source, source.resolve(location.name()), location);
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    private static dev.lamina.image.ImageReference registryReference(ImageLocation location) {
        return Registries.reference(location.name().orElseThrow());
    }

    private static ExitCodeException notYet(ImageLocation location) {
        return new ExitCodeException(Lamina.FAILED, "the " + location.transport().prefix() + " transport is not"
                + " implemented yet");
    }
}
