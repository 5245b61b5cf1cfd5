package dev.lamina.tarball.testing;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.Platform;
import dev.lamina.image.json.History;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.store.Store;
import dev.lamina.image.testing.TestImages;
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
    private static final String CREATED = "2024-01-02T03:04:05Z";

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
        Steps steps = steps().options(options);
        for (Layer layer : layers) {
            steps.layer("layer " + (steps.layers + 1), layer);
        }
        return steps.build(store, name);
    }

    /** An image made step by step: layers and metadata-only steps, each with its own history entry. */
    public static Steps steps() {
        return new Steps();
    }

    /** The steps of an image, oldest first, with their history entries. */
    public static final class Steps {
        private final List<History> history = new ArrayList<>();
        private final List<Optional<Layer>> layersByStep = new ArrayList<>();
        private LayerOptions options = LayerOptions.defaults();
        private String created = CREATED;
        private int layers;

        public Steps options(LayerOptions value) {
            options = value;
            return this;
        }

        /** The config's {@code created} (the history entries carry their own). */
        public Steps created(String value) {
            created = value;
            return this;
        }

        public Steps layer(String createdBy, Layer layer) {
            return step(new History(CREATED, createdBy, "", "", false), Optional.of(layer));
        }

        /** A step that makes no layer ({@code empty_layer}), such as ENV or CMD. */
        public Steps empty(String createdBy) {
            return step(new History(CREATED, createdBy, "", "", true), Optional.empty());
        }

        /** Any history entry, with the layer it made (give none for an empty step). */
        public Steps step(History entry, Optional<Layer> layer) {
            history.add(entry);
            layersByStep.add(layer);
            if (layer.isPresent()) {
                layers++;
            }
            return this;
        }

        /** Writes the layers, config and manifest into {@code store}, named {@code name}; the manifest's descriptor. */
        public Descriptor build(Store store, String name) throws IOException {
            String time = created;
            ImageConfig config = ImageConfig.empty(Platform.host()).edit(t -> t.put("created", time));
            List<Descriptor> descriptors = new ArrayList<>();
            for (int i = 0; i < history.size(); i++) {
                Optional<Layer> layer = layersByStep.get(i);
                Optional<Digest> diffId = Optional.empty();
                if (layer.isPresent()) {
                    LayerBlob blob;
                    try (LayerWriter writer = LayerWriter.open(LayerSink.toStore(store), options)) {
                        layer.get().write(writer);
                        blob = writer.finish();
                    }
                    descriptors.add(blob.descriptor());
                    diffId = Optional.of(blob.diffId());
                }
                config = config.withLayer(diffId, history.get(i));
            }
            Descriptor descriptor = TestImages.tagInStore(store, config, descriptors, name);
            return descriptor;
        }
    }
}
