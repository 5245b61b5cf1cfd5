package dev.lamina.tarball.testing;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.MediaType;
import dev.lamina.image.Platform;
import dev.lamina.image.json.History;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.json.Manifest;
import dev.lamina.image.store.Catalog;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.layer.LayerBlob;
import dev.lamina.tarball.layer.LayerOptions;
import dev.lamina.tarball.layer.LayerSink;
import dev.lamina.tarball.layer.LayerWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds images in a store from layers written with {@link LayerWriter}, as the builder will. */
public final class LayeredImages {
    private LayeredImages() {
    }

    /** Writes one layer's entries. */
    @FunctionalInterface
    public interface Layer {
        void write(LayerWriter writer) throws IOException;
    }

    /** An image of the given layers, named {@code name} in the store; returns its manifest descriptor. */
    public static Descriptor build(Store store, String name, LayerOptions options, List<Layer> layers)
            throws IOException {
        ImageConfig config = ImageConfig.empty(Platform.host())
                .edit(t -> t.put("created", "2024-01-02T03:04:05Z"));
        List<Descriptor> descriptors = new ArrayList<>();
        for (Layer layer : layers) {
            LayerBlob blob;
            try (LayerWriter writer = LayerWriter.open(LayerSink.toStore(store), options)) {
                layer.write(writer);
                blob = writer.finish();
            }
            descriptors.add(blob.descriptor());
            config = config.withLayer(Optional.of(blob.diffId()),
                    new History("2024-01-02T03:04:05Z", "layer " + descriptors.size(), "", "", false));
        }
        byte[] configBytes = config.toBytes();
        Digest configDigest = store.putBytes(configBytes);
        byte[] manifest = Manifest.of(MediaType.OCI_MANIFEST,
                new Descriptor(MediaType.OCI_CONFIG, configDigest, configBytes.length), descriptors).toBytes();
        Descriptor descriptor = new Descriptor(MediaType.OCI_MANIFEST, store.putBytes(manifest), manifest.length);
        new Catalog(store).tag(ImageReference.parse(name), descriptor);
        return descriptor;
    }
}
