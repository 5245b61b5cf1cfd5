package dev.lamina.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;

class DigestTest {
    @Test
    void parsesSha256AndSha512() {
        Digest a = Digest.parse("sha256:" + "a".repeat(64));
        assertThat(a.algorithm()).isEqualTo("sha256");
        assertThat(a.hex()).hasSize(64);
        Digest b = Digest.parse("sha512:" + "0".repeat(128));
        assertThat(b.algorithm()).isEqualTo("sha512");
        assertThat(b.toString()).isEqualTo("sha512:" + "0".repeat(128));
    }

    @Test
    void hashesContentAsSha256sumDoes() {
        // sha256("hello\n"), as sha256sum prints it
        assertThat(Digest.sha256("hello\n".getBytes(StandardCharsets.UTF_8)).toString())
                .isEqualTo("sha256:5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03");
    }

    static Stream<String> malformed() {
        return Stream.of("", "sha256", "sha256:", ":abc", "sha256:abc", "sha256:" + "A".repeat(64),
                "sha256:" + "a".repeat(63), "sha256:" + "g".repeat(64), "sha512:" + "a".repeat(64),
                "md5:d41d8cd98f00b204e9800998ecf8427e", "SHA256:" + "a".repeat(64));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void rejectsMalformedOrUnsupported(String text) {
        assertThatThrownBy(() -> Digest.parse(text)).isInstanceOf(Digest.InvalidDigestException.class)
                .hasMessageContaining("digest");
        assertThat(Digest.isValid(text)).isFalse();
    }

    @Test
    void ordersByText() {
        assertThat(Digest.parse("sha256:" + "a".repeat(64))).isLessThan(Digest.parse("sha256:" + "b".repeat(64)));
    }
}
