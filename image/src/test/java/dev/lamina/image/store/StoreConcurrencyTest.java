package dev.lamina.image.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.Digest;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many writers at once, in threads and in processes, and writers killed mid-write, leave a valid layout. */
class StoreConcurrencyTest {
    private static final int BLOB_SIZE = 256 * 1024;

    @TempDir
    Path root;

    @Test
    void eightThreadsIngestingTheSameAndDifferentBlobsLeaveAValidLayout() throws Exception {
        Store store = Store.open(root);
        byte[] shared = randomBytes(1, BLOB_SIZE);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        store.putBlob(new ByteArrayInputStream(shared), Optional.of(Digest.sha256(shared)),
                                shared.length, "shared");
                        byte[] own = randomBytes(thread * 1000L + i, 4096);
                        store.putBlob(new ByteArrayInputStream(own), Optional.empty(), -1, "own");
                        new Catalog(store).tag(dev.lamina.image.ImageReference.parse("t/x:" + thread + "-" + i),
                                new dev.lamina.image.Descriptor(dev.lamina.image.MediaType.OCI_LAYER,
                                        Digest.sha256(own), own.length));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertLayoutValid();
        assertThat(blobFiles()).hasSize(1 + 8 * 20);
        assertThat(store.indexEntries()).hasSize(8 * 20); // no tag lost to a concurrent index update
    }

    @Test
    void fourProcessesIngestingTheSameAndDifferentBlobsLeaveAValidLayout() throws Exception {
        Store.open(root);
        List<Process> workers = new ArrayList<>();
        // two pairs: each pair writes identical blobs (same seed), the pairs write different ones
        for (long seed : new long[] {1, 1, 2, 2}) {
            workers.add(worker(seed, 15));
        }
        for (Process p : workers) {
            assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isZero();
        }
        assertLayoutValid();
        assertThat(Store.open(root).indexEntries()).hasSize(2 * 15);
        assertThat(blobFiles()).hasSize(2 * 15 * 2); // per seed and blob: the blob and its manifest
    }

    @Test
    void aWriterKilledAtRandomMomentsNeverLeavesABadBlobOrIndex() throws Exception {
        Store.open(root);
        Random random = new Random(42);
        int killedMidWrite = 0;
        for (int round = 0; round < 50; round++) {
            Process p = worker(100 + round, 0);
            awaitReady(p);
            Thread.sleep(random.nextInt(700));
            p.destroyForcibly(); // SIGKILL
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertLayoutValid();
            try (Stream<Path> debris = Files.list(root.resolve("lamina/ingest"))) {
                killedMidWrite += debris.findAny().isPresent() ? 1 : 0;
            }
        }
        assertThat(Store.open(root).indexEntries()).isNotEmpty();
        // the kills did land inside writes (a temporary file was left), not only between them
        assertThat(killedMidWrite).isPositive();
    }

    private Process worker(long seed, int count) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path"), StoreWorker.class.getName(), root.toString(),
                Long.toString(seed), Integer.toString(count), Integer.toString(BLOB_SIZE))
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
    }

    private static void awaitReady(Process p) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(reader.readLine()).isEqualTo("ready");
    }

    /** Every blob's content matches its name and index.json parses with every entry present. */
    private void assertLayoutValid() throws IOException {
        for (Path blob : blobFiles()) {
            Digest named = Digest.parse(blob.getParent().getFileName() + ":" + blob.getFileName());
            try (InputStream in = Files.newInputStream(blob)) {
                assertThat(Digest.ofSha256(Digest.newSha256().digest(in.readAllBytes()))).as(blob.toString())
                        .isEqualTo(named);
            }
        }
        Store store = Store.open(root);
        for (var entry : store.indexEntries()) {
            assertThat(store.hasBlob(entry.digest())).as("index entry " + entry.digest()).isTrue();
        }
    }

    private List<Path> blobFiles() throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve("blobs"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static byte[] randomBytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

}
