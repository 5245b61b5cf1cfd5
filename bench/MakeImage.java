import dev.lamina.image.Compression;
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
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code MakeImage STORE NAME DIR…}: an image with one gzip layer per directory, written into the store with
 * lamina's layer writer (deterministic, all cores), as the builder will write them. Prints each layer's
 * throughput.
 */
public final class MakeImage {
    public static void main(String[] args) throws Exception {
        Store store = Store.open(Path.of(args[0]));
        Instant epoch = Instant.parse("2024-01-01T00:00:00Z");
        LayerOptions options = LayerOptions.defaults().withCompression(Compression.GZIP).deterministic(epoch);
        ImageConfig config = ImageConfig.empty(Platform.host()).edit(t -> t.put("created", epoch.toString()));
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            long start = System.nanoTime();
            LayerBlob blob;
            try (LayerWriter writer = LayerWriter.open(LayerSink.toStore(store), options)) {
                writer.addTree("", Path.of(args[i]));
                blob = writer.finish();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.err.printf("layer %s: %.1f MB tar -> %.1f MB gzip in %.2f s (%.0f MB/s)%n", args[i],
                    blob.uncompressedSize() / 1e6, blob.descriptor().size() / 1e6, seconds,
                    blob.uncompressedSize() / 1e6 / seconds);
            layers.add(blob.descriptor());
            config = config.withLayer(Optional.of(blob.diffId()), new History(epoch.toString(), "COPY " + args[i], "", "", false));
        }
        byte[] configBytes = config.toBytes();
        Digest configDigest = store.putBytes(configBytes);
        byte[] manifest = Manifest.of(MediaType.OCI_MANIFEST,
                new Descriptor(MediaType.OCI_CONFIG, configDigest, configBytes.length), layers).toBytes();
        Descriptor descriptor = new Descriptor(MediaType.OCI_MANIFEST, store.putBytes(manifest), manifest.length);
        new Catalog(store).tag(ImageReference.parse(args[1]), descriptor);
    }
}
