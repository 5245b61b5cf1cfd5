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
import dev.lamina.tarball.tar.TarEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * {@code InspectData STORE}: the inspection benchmark's image pairs, written straight into a store with lamina's
 * layer writer (content generated in memory, seeded, so no small-file creation on disk and the same bytes on every
 * run). Each pair is a before and an after image, as a rebuild makes them:
 * <ul>
 * <li>{@code bench/small:1} one gzip layer of 20,000 text-like files of 10,000 bytes (~215 MB of tar);
 * {@code bench/small:2} the same files rebuilt into one layer, except 200 rewritten, 100 gone, 100 new and 50
 * with another mode;</li>
 * <li>{@code bench/big:1} five gzip layers of 100 MB of random bytes, one file each ({@code /data/N/blob.bin});
 * {@code bench/big:2} the same first three layers, the last two with new random content.</li>
 * </ul>
 * {@code InspectData STORE huge}: {@code bench/huge:1}, five zstd layers of 40,000 files of 25,000 bytes (5 GB,
 * 200,000 files), and {@code bench/huge:2}, the same but its last layer rewrites every tenth file of it; for the
 * memory measurement.
 */
public final class InspectData {
    private static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");
    private static final String[] WORDS = {"lib", "usr", "share", "locale", "the", "of", "and", "function", "return",
            "if", "else", "0x00", "{", "}", "\n", "    ", "static", "const", "char", "int"};

    public static void main(String[] args) throws IOException {
        Store store = Store.open(Path.of(args[0]));
        if (args.length > 1 && args[1].equals("huge")) {
            huge(store);
            return;
        }
        LayerOptions gzip = LayerOptions.defaults().withCompression(Compression.GZIP).deterministic(EPOCH);
        small(store, gzip);
        big(store, gzip);
    }

    private static void small(Store store, LayerOptions options) throws IOException {
        Random random = new Random(42);
        Map<Integer, byte[]> contents = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            contents.put(i, text(random, 10_000));
        }
        List<Descriptor> before = List.of(layer(store, options, w -> {
            for (int i = 0; i < 20_000; i++) {
                file(w, smallName(i), contents.get(i), 0644);
            }
        }));
        image(store, "bench/small:1", before);
        List<Descriptor> after = List.of(layer(store, options, w -> {
            for (int i = 0; i < 20_100; i++) {
                if (i >= 19_900 && i < 20_000) {
                    continue; // gone
                }
                byte[] content = i >= 20_000 || i % 100 == 1 ? text(random, 10_000) : contents.get(i);
                file(w, smallName(i), content, i % 400 == 3 ? 0600 : 0644);
            }
        }));
        image(store, "bench/small:2", after);
    }

    private static String smallName(int i) {
        return String.format("d%02d/s%03d/f%05d.txt", i % 50, i % 400, i);
    }

    private static void big(Store store, LayerOptions options) throws IOException {
        List<Descriptor> before = new ArrayList<>();
        List<Descriptor> after = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            int layer = n;
            Descriptor one = layer(store, options, w -> file(w, "data/" + layer + "/blob.bin", random(layer, 100), 0644));
            before.add(one);
            after.add(n <= 3 ? one : layer(store, options,
                    w -> file(w, "data/" + layer + "/blob.bin", random(100 + layer, 100), 0644)));
        }
        image(store, "bench/big:1", before);
        image(store, "bench/big:2", after);
    }

    private static void huge(Store store) throws IOException {
        LayerOptions zstd = LayerOptions.defaults().withCompression(Compression.ZSTD).deterministic(EPOCH);
        List<Descriptor> before = new ArrayList<>();
        List<Descriptor> after = new ArrayList<>();
        for (int n = 0; n < 5; n++) {
            int layer = n;
            before.add(layer(store, zstd, w -> hugeLayer(w, layer, false)));
            after.add(n < 4 ? before.get(n) : layer(store, zstd, w -> hugeLayer(w, layer, true)));
            System.err.println("huge layer " + (n + 1) + "/5 written");
        }
        image(store, "bench/huge:1", before);
        image(store, "bench/huge:2", after);
    }

    /** 40,000 files of 25,000 bytes: text-like bytes rotated by file, so they compress but differ. */
    private static void hugeLayer(LayerWriter w, int layer, boolean changed) throws IOException {
        byte[] base = text(new Random(layer), 50_000);
        for (int i = 0; i < 40_000; i++) {
            int offset = (i * 7919 + (changed && i % 10 == 0 ? 1 : 0)) % 25_000;
            String name = String.format("l%d/d%03d/s%03d/file%05d.dat", layer, i % 200, i % 1000, i);
            w.add(TarEntry.file(name, 25_000).toBuilder().mode(0644).build(),
                    new ByteArrayInputStream(base, offset, 25_000));
        }
    }

    @FunctionalInterface
    private interface Content {
        void write(LayerWriter writer) throws IOException;
    }

    private static Descriptor layer(Store store, LayerOptions options, Content content) throws IOException {
        try (LayerWriter writer = LayerWriter.open(LayerSink.toStore(store), options)) {
            content.write(writer);
            LayerBlob blob = writer.finish();
            DIFF_IDS.put(blob.descriptor().digest(), blob.diffId());
            return blob.descriptor();
        }
    }

    private static final Map<Digest, Digest> DIFF_IDS = new HashMap<>();

    private static void file(LayerWriter w, String name, byte[] content, int mode) throws IOException {
        InputStream in = new ByteArrayInputStream(content);
        w.add(TarEntry.file(name, content.length).toBuilder().mode(mode).build(), in);
    }

    private static void image(Store store, String name, List<Descriptor> layers) throws IOException {
        ImageConfig config = ImageConfig.empty(Platform.host()).edit(t -> t.put("created", EPOCH.toString()));
        for (int i = 0; i < layers.size(); i++) {
            config = config.withLayer(Optional.of(DIFF_IDS.get(layers.get(i).digest())),
                    new History(EPOCH.toString(), "COPY layer" + (i + 1) + " /", "", "", false));
        }
        byte[] configBytes = config.toBytes();
        Digest configDigest = store.putBytes(configBytes);
        byte[] manifest = Manifest.of(MediaType.OCI_MANIFEST,
                new Descriptor(MediaType.OCI_CONFIG, configDigest, configBytes.length), layers).toBytes();
        Descriptor descriptor = new Descriptor(MediaType.OCI_MANIFEST, store.putBytes(manifest), manifest.length);
        new Catalog(store).tag(ImageReference.parse(name), descriptor);
        System.err.println(name + ": " + layers.size() + " layers");
    }

    private static byte[] text(Random random, int size) {
        byte[] buffer = new byte[size];
        int n = 0;
        while (n < size) {
            byte[] word = (random.nextInt(8) == 0 ? Integer.toHexString(random.nextInt())
                    : WORDS[random.nextInt(WORDS.length)] + " ").getBytes();
            int take = Math.min(word.length, size - n);
            System.arraycopy(word, 0, buffer, n, take);
            n += take;
        }
        return buffer;
    }

    private static byte[] random(long seed, int megabytes) {
        byte[] bytes = new byte[megabytes << 20];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
