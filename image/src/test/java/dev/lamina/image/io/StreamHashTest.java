package dev.lamina.image.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.image.Digest;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StreamHashTest {
    /** Well past the first MiB, which is hashed where it is fed, and over many of the hashers' buffers. */
    private static final int LONG = 9 * Transfer.STEP + 12_345 + (1 << 20);

    @Test
    void aLongStreamFedInPiecesOfEverySizeHashesAsOneMessageDigestWould() throws Exception {
        byte[] content = random(LONG, 1);
        awaitNoOtherLongStream();
        StreamHash hash = StreamHash.sha256();
        Random sizes = new Random(2);
        int at = 0;
        while (at < content.length) {
            int n = Math.min(content.length - at, switch (sizes.nextInt(4)) {
                case 0 -> 1;
                case 1 -> sizes.nextInt(100);
                case 2 -> sizes.nextInt(3 * Transfer.STEP);
                default -> Transfer.STEP;
            });
            if (n == 1) {
                hash.update(content[at]);
            } else {
                hash.update(content, at, n);
            }
            at += n;
        }
        assertThat(hash.wentAside()).as("hashed on a pool thread").isTrue();
        assertThat(hash.count()).isEqualTo(content.length);
        assertThat(hash.finish()).isEqualTo(Digest.newSha256().digest(content));
    }

    @Test
    void aFeederMayRefillItsBufferAsSoonAsUpdateReturns() throws Exception {
        MessageDigest expected = Digest.newSha256();
        awaitNoOtherLongStream();
        StreamHash hash = StreamHash.sha256();
        byte[] buffer = new byte[Transfer.STEP];
        Random random = new Random(3);
        for (int i = 0; i < 24; i++) {
            random.nextBytes(buffer);
            expected.update(buffer);
            hash.update(buffer, 0, buffer.length);
        }
        assertThat(hash.wentAside()).as("hashed on a pool thread").isTrue();
        assertThat(hash.finish()).isEqualTo(expected.digest());
    }

    @Test
    void streamsHashedAtOnceOnManyThreadsKeepTheirOwnDigests() throws Exception {
        ExecutorService feeders = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                byte[] content = random(3 << 20, 10 + i);
                results.add(feeders.submit(() -> {
                    StreamHash hash = StreamHash.sha256();
                    for (int at = 0; at < content.length; at += 100_000) {
                        hash.update(content, at, Math.min(100_000, content.length - at));
                    }
                    return Arrays.equals(hash.finish(), Digest.newSha256().digest(content));
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            feeders.shutdown();
        }
    }

    @Test
    void aStreamAbandonedHalfWayLeavesNoThreadWaitingOnIt() throws Exception {
        StreamHash abandoned = StreamHash.sha256();
        byte[] content = random(6 << 20, 4);
        abandoned.update(content, 0, content.length);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (hashersAtWork() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(hashersAtWork()).as("a lamina-hash thread still inside StreamHash").isFalse();
    }

    @Test
    void aResumedHashCoversWhatWasHashedBefore() throws IOException {
        byte[] content = random(3 << 20, 5);
        MessageDigest soFar = Digest.newSha256();
        soFar.update(content, 0, 1000);
        StreamHash rest = new StreamHash(soFar, 1000);
        rest.update(content, 1000, content.length - 1000);
        assertThat(rest.count()).isEqualTo(content.length);
        assertThat(rest.finish()).isEqualTo(Digest.newSha256().digest(content));
    }

    @Test
    void theDigestIsTakenOnce() throws IOException {
        StreamHash hash = StreamHash.sha256();
        hash.update(new byte[10], 0, 10);
        hash.finish();
        assertThatThrownBy(hash::finish).isInstanceOf(IllegalStateException.class);
    }

    /**
     * A stream hashes aside only where a core is spare; another test's stream, abandoned or finished a moment ago,
     * counts until it has been idle for a quarter of a second.
     */
    private static void awaitNoOtherLongStream() throws InterruptedException {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "hashing aside needs a second core");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (StreamHash.longStreams() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static boolean hashersAtWork() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().equals("lamina-hash"))
                .anyMatch(e -> Arrays.stream(e.getValue())
                        .anyMatch(frame -> frame.getClassName().startsWith(StreamHash.class.getName())));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
