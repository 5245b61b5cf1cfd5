package dev.lamina.registry;

import dev.lamina.image.Descriptor;
import dev.lamina.image.ImageReference;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.CopyOptions;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.store.StoreSource;
import dev.lamina.image.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Test images in stores, and the pushes and pulls the tests make of them. */
final class Images {
    private Images() {
    }

    /** A small image with two layers; {@code seed} makes its content (and digests) unique. */
    static TestImages.Image small(String seed) {
        return TestImages.image(Platform.host(), TestImages.files("etc/" + seed, seed + "\n"),
                TestImages.files("usr/share/" + seed, "content of " + seed + "\n"));
    }

    /** An image with one layer of about {@code bytes} incompressible bytes. */
    static TestImages.Image large(String seed, int bytes) {
        byte[] noise = new byte[bytes];
        new Random(seed.hashCode()).nextBytes(noise);
        return TestImages.image(Platform.host(), java.util.Map.of("data/" + seed, noise),
                TestImages.files("etc/" + seed, seed));
    }

    /** Writes {@code image} into a store at {@code root}, named {@code name}. */
    static Store seed(Path root, TestImages.Image image, String name) throws IOException {
        Store store = Store.open(root);
        try (StoreDestination destination = new StoreDestination(store)) {
            TestImages.write(image, destination);
            destination.tag(image.manifest(), name);
            destination.commit();
        }
        return store;
    }

    static ImageCopier.CopyResult push(RegistryClient client, Store store, String name, ImageReference target,
            MountSources mounts) throws IOException {
        try (RegistryDestination destination = client.destination(target, mounts)) {
            ImageCopier.CopyResult result = ImageCopier.copy(new StoreSource(store), Optional.of(name), destination,
                    CopyOptions.defaults().withTags(target.tag().map(List::of).orElse(List.of())));
            destination.commit();
            return result;
        }
    }

    static ImageCopier.CopyResult pull(RegistryClient client, ImageReference reference, Store store) throws IOException {
        return pull(client, reference, store, CopyOptions.defaults().withPlatform(Optional.of(Platform.host())));
    }

    static ImageCopier.CopyResult pull(RegistryClient client, ImageReference reference, Store store,
            CopyOptions options) throws IOException {
        try (RegistrySource source = client.source(reference);
             StoreDestination destination = new StoreDestination(store)) {
            ImageCopier.CopyResult result = ImageCopier.copy(source, Optional.empty(), destination,
                    options.withTags(List.of(reference.toString())));
            destination.commit();
            return result;
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static Descriptor top(ImageCopier.CopyResult result) {
        return result.topLevel();
    }
}
