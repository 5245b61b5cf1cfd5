package dev.lamina.cli;

import dev.lamina.image.Descriptor;
import dev.lamina.image.copy.ImageDestination;
import dev.lamina.image.copy.ImageSource;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.store.StoreSource;
import java.io.IOException;

/**
 * Opens the source or destination an {@link ImageLocation} names. Each transport's details live with its
 * module; this only dispatches.
 */
final class Endpoints {
    private Endpoints() {
    }

    static ImageSource source(ImageLocation location, Lamina lamina) throws IOException {
        return switch (location.transport()) {
            case STORE -> new StoreSource(lamina.store());
            case REGISTRY, DOCKER_ARCHIVE, OCI, OCI_ARCHIVE -> throw notYet(location);
        };
    }

    static ImageDestination destination(ImageLocation location, Lamina lamina) throws IOException {
        return switch (location.transport()) {
            case STORE -> new StoreDestination(lamina.store());
            case REGISTRY, DOCKER_ARCHIVE, OCI, OCI_ARCHIVE -> throw notYet(location);
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

    private static ExitCodeException notYet(ImageLocation location) {
        return new ExitCodeException(Lamina.FAILED, "the " + location.transport().prefix() + " transport is not"
                + " implemented yet");
    }
}
