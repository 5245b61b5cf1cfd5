package dev.lamina.cli;

import dev.lamina.image.Descriptor;
import dev.lamina.image.copy.ImageDestination;
import dev.lamina.image.copy.ImageSource;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.store.StoreSource;
import dev.lamina.registry.MountSources;
import dev.lamina.tarball.archive.ArchiveOutput;
import dev.lamina.tarball.archive.ImageArchives;
import dev.lamina.tarball.archive.TempSpool;
import dev.lamina.tarball.docker.DockerArchiveDestination;
import dev.lamina.tarball.docker.DockerArchiveSource;
import dev.lamina.tarball.oci.OciArchiveDestination;
import dev.lamina.tarball.oci.OciLayoutDestination;
import dev.lamina.tarball.oci.OciLayoutSource;
import java.io.IOException;
import java.nio.file.Path;

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
            case DOCKER_ARCHIVE -> DockerArchiveSource.open(ImageArchives.open(path(location, lamina),
                    TempSpool.create(null), describe(location)));
            case OCI -> OciLayoutSource.open(path(location, lamina), describe(location));
            case OCI_ARCHIVE -> OciLayoutSource.open(ImageArchives.open(path(location, lamina),
                    TempSpool.create(null), describe(location)));
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
            case DOCKER_ARCHIVE -> {
                Path file = path(location, lamina);
                yield DockerArchiveDestination.open(ArchiveOutput.toFile(file), describe(location),
                        file.toAbsolutePath().getParent());
            }
            case OCI -> OciLayoutDestination.open(path(location, lamina), describe(location));
            case OCI_ARCHIVE -> OciArchiveDestination.open(ArchiveOutput.toFile(path(location, lamina)),
                    describe(location));
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

    /** The transport and path, as messages name an endpoint ({@code docker-archive:app.tar}). */
    static String describe(ImageLocation location) {
        return location.transport().prefix() + location.path();
    }

    private static Path path(ImageLocation location, Lamina lamina) {
        return lamina.console().path(location.path());
    }

    private static ExitCodeException notYet(ImageLocation location) {
        return new ExitCodeException(Lamina.FAILED, "the " + location.transport().prefix() + " transport is not"
                + " implemented yet");
    }
}
