package dev.lamina.tarball.testing;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.MediaType;
import dev.lamina.image.json.Manifest;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.CopyOptions;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.copy.ImageDestination;
import dev.lamina.image.copy.ImageSource;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.testing.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** Seeds stores with small images and copies between endpoints, for the archive tests. */
public final class Images {
    public static final Platform AMD64 = Platform.parse("linux/amd64");

    private Images() {
    }

    /** An image with two small gzip layers. */
    public static TestImages.Image small(String marker) {
        return TestImages.image(AMD64, TestImages.files("etc/" + marker, marker + "\n"),
                TestImages.files("usr/bin/" + marker, "#!/bin/sh\necho " + marker + "\n"));
    }

    /** Puts {@code image} into {@code store} under {@code name}. */
    public static Descriptor seed(Store store, TestImages.Image image, String name) {
        try (StoreDestination destination = new StoreDestination(store)) {
            TestImages.write(image, destination);
            destination.tag(image.manifest(), name);
            destination.commit();
            return image.manifest();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Puts {@code image} into {@code store} as a Docker schema 2 image (Docker manifest, config and layer types;
     * the same config and layers) under {@code name}; returns the Docker manifest's descriptor.
     */
    public static Descriptor seedDockerTyped(Store store, TestImages.Image image, String name) throws IOException {
        Manifest docker = Manifest.parse(image.manifestBytes(), "manifest").withMediaType(MediaType.DOCKER_MANIFEST)
                .withConfig(image.config().withMediaType(MediaType.DOCKER_CONFIG))
                .withLayers(image.layers().stream().map(l -> l.withMediaType(MediaType.DOCKER_LAYER)).toList());
        byte[] bytes = docker.toBytes();
        Descriptor descriptor = new Descriptor(MediaType.DOCKER_MANIFEST, Digest.sha256(bytes), bytes.length);
        try (StoreDestination destination = new StoreDestination(store)) {
            TestImages.write(image, destination);
            destination.putManifest(descriptor, bytes);
            destination.tag(descriptor, name);
            destination.commit();
        }
        return descriptor;
    }

    /** Copies what {@code name} picks from the source, naming it {@code tags} in the destination, and commits. */
    public static ImageCopier.CopyResult copy(ImageSource source, Optional<String> name, ImageDestination destination,
            String... tags) throws IOException {
        ImageCopier.CopyResult result = ImageCopier.copy(source, name, destination,
                CopyOptions.defaults().withTags(List.of(tags)).withPlatform(Optional.empty()));
        return result;
    }
}
