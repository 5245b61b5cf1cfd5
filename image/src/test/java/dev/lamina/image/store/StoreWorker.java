package dev.lamina.image.store;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.MediaType;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;

/**
 * A separate process hammering a store, for the multi-process and crash tests:
 * {@code StoreWorker ROOT SEED COUNT SIZE} writes COUNT blobs (seeded, so two workers with one seed write
 * the same blobs) and names each; COUNT 0 means forever. Prints "ready" once the store is open.
 */
public final class StoreWorker {
    public static void main(String[] args) throws Exception {
        Store store = Store.open(java.nio.file.Path.of(args[0]));
        long seed = Long.parseLong(args[1]);
        int count = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        Catalog catalog = new Catalog(store);
        System.out.println("ready");
        System.out.flush();
        Random random = new Random(seed);
        for (int i = 0; count == 0 || i < count; i++) {
            byte[] content = new byte[size];
            random.nextBytes(content);
            Digest digest = Digest.sha256(content);
            store.putBlob(new ByteArrayInputStream(content), Optional.of(digest), size, "blob " + digest);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest
                    + "\",\"size\":" + size + "},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
            Digest manifestDigest = store.putBytes(manifest);
            catalog.tag(ImageReference.parse("localhost/worker:s" + seed + "-" + i),
                    new Descriptor(MediaType.OCI_MANIFEST, manifestDigest, manifest.length));
        }
    }
}
