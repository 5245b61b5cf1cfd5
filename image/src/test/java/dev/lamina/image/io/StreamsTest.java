package dev.lamina.image.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.Digest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class StreamsTest {
    private static final byte[] CONTENT = "the quick brown fox".getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = Digest.sha256(CONTENT);

    @Test
    void digestingOutputStreamCountsAndHashesWhatPassesThrough() throws IOException {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        DigestingOutputStream out = new DigestingOutputStream(target);
        out.write(CONTENT, 0, 4);
        out.write(CONTENT[4]);
        out.write(CONTENT, 5, CONTENT.length - 5);
        assertThat(out.count()).isEqualTo(CONTENT.length);
        assertThat(out.digest()).isEqualTo(DIGEST);
        assertThat(target.toByteArray()).isEqualTo(CONTENT);
    }

    @Test
    void verifyingStreamPassesMatchingContent() throws IOException {
        try (VerifyingInputStream in = new VerifyingInputStream(new ByteArrayInputStream(CONTENT), DIGEST,
                CONTENT.length, "blob")) {
            assertThat(in.readAllBytes()).isEqualTo(CONTENT);
        }
    }

    @Test
    void verifyingStreamFailsAtEndOnDifferentContent() {
        byte[] tampered = CONTENT.clone();
        tampered[3] ^= 1;
        InputStream in = new VerifyingInputStream(new ByteArrayInputStream(tampered), DIGEST, CONTENT.length,
                "layer sha256:abc in app.tar");
        assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("layer sha256:abc in app.tar: digest mismatch: expected " + DIGEST);
    }

    @Test
    void verifyingStreamFailsAsSoonAsContentIsLongerThanAnnounced() {
        InputStream in = new VerifyingInputStream(new ByteArrayInputStream(CONTENT), DIGEST, 5, "blob");
        assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining("more than the expected 5 bytes");
    }

    @Test
    void verifyingStreamFailsOnShortContent() {
        InputStream in = new VerifyingInputStream(new ByteArrayInputStream(CONTENT, 0, 10), DIGEST, CONTENT.length,
                "blob");
        assertThatThrownBy(in::readAllBytes).hasMessageContaining("size mismatch: expected 19 bytes, got 10");
    }

    @Test
    void resumedVerificationCoversTheWholeBlob() throws IOException {
        MessageDigest soFar = Digest.newSha256();
        soFar.update(CONTENT, 0, 7);
        VerifyingInputStream rest = VerifyingInputStream.resuming(new ByteArrayInputStream(CONTENT, 7, CONTENT.length - 7),
                DIGEST, CONTENT.length, "blob", soFar, 7);
        assertThat(rest.drain()).isEqualTo(CONTENT.length);
    }

    @Test
    void digestingInputStreamHashesSkippedBytesToo() throws IOException {
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(CONTENT));
        in.skip(4);
        in.readAllBytes();
        assertThat(in.digest()).isEqualTo(DIGEST);
        assertThat(in.count()).isEqualTo(CONTENT.length);
    }
}
