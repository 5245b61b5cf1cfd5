package dev.lamina.image.json;

import java.nio.charset.StandardCharsets;

/**
 * Starts Jackson's one-time work (its own class initialisation, then the introspection of the index and manifest
 * records, both ways) on a daemon thread. Done cold on the main thread it costs a command tens of milliseconds of a
 * run that lasts a few hundred; started first, it overlaps with argument parsing and the store's opening on the
 * second core. The JVM's class-initialisation locks make the race harmless: whichever thread gets there first does
 * the work and the other waits for it.
 *
 * <p>A class of its own, apart from {@link Json}: calling a static method of {@code Json} would initialise
 * {@code Json}, and with it Jackson, on the caller's thread, the very work this is meant to move off it.
 */
public final class JsonWarmUp {
    private JsonWarmUp() {
    }

    public static void start() {
        Thread thread = new Thread(JsonWarmUp::run, "lamina-json-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        try {
            byte[] index = ("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"digest\":\"sha256:" + "0".repeat(64) + "\",\"size\":1,\"platform\":{\"architecture\":\"amd64\","
                    + "\"os\":\"linux\"},\"annotations\":{\"a\":\"b\"}}]}").getBytes(StandardCharsets.UTF_8);
            ImageIndex.parse(index, "warm-up").toBytes();
            byte[] manifest = ("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
                    + "\"digest\":\"sha256:" + "0".repeat(64) + "\",\"size\":1},\"layers\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            Manifest.parse(manifest, "warm-up").toBytes();
        } catch (RuntimeException e) {
            // only a head start: the real use reports any problem
        }
    }
}
