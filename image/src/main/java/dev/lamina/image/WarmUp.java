package dev.lamina.image;

import dev.lamina.image.json.ImageIndex;
import dev.lamina.image.json.Manifest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Starts, on a daemon thread, the one-time work every command that touches images pays before its first blob and
 * document: SHA-256's compression loop reaching C2, and Jackson's and the JSON codec's class initialisation. Done on
 * the main thread it costs tens of milliseconds of a run that lasts a few hundred; started first, it overlaps with
 * argument parsing and the store's opening on the second core. The JVM's class-initialisation locks make the race
 * harmless: whichever thread gets there first does the work and the other waits for it.
 *
 * <p>SHA-256 runs at ~1.2 GB/s once C2 replaces its loop with the CPU's SHA instructions, and at a fraction of that
 * before. The launcher compiles that loop at a thousandth of the usual thresholds; 32 updates of 1 KiB (16 blocks
 * each) pass them, so the compiled loop is ready before a command's first large blob: loading a 63 MB blob, about
 * 35 ms sooner.
 */
public final class WarmUp implements Runnable {
    private WarmUp() {
    }

    /** Not a method reference: the first one a JVM links sets up its lambda machinery, 14 ms, on the main thread. */
    public static void start() {
        Thread thread = new Thread(new WarmUp(), "lamina-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        MessageDigest sha256 = Digest.newSha256();
        byte[] kibibyte = new byte[1024];
        for (int i = 0; i < 32; i++) {
            sha256.update(kibibyte);
        }
        sha256.digest();
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
