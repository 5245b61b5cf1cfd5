package dev.lamina.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {
    private static final String HEX = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "busybox,                              docker.io/library/busybox:latest",
            "busybox:1.36,                         docker.io/library/busybox:1.36",
            "library/busybox,                      docker.io/library/busybox:latest",
            "docker.io/busybox,                    docker.io/library/busybox:latest",
            "index.docker.io/library/busybox:1,    docker.io/library/busybox:1",
            "user/app,                             docker.io/user/app:latest",
            "localhost/app,                        localhost/app:latest",
            "localhost:5000/a/b:t,                 localhost:5000/a/b:t",
            "test.com:5000/repo:tag,               test.com:5000/repo:tag",
            "test.com/repo:tag,                    test.com/repo:tag",
            "test_com,                             docker.io/library/test_com:latest",
            "test.com:tag,                         docker.io/library/test.com:tag",
            "test.com:5000,                        docker.io/library/test.com:5000",
            "lowercase:Uppercase,                  docker.io/library/lowercase:Uppercase",
            "sub-dom1.foo.com/bar/baz/quux,        sub-dom1.foo.com/bar/baz/quux:latest",
            "sub-dom1.foo.com/bar/baz/quux:some-long-tag, sub-dom1.foo.com/bar/baz/quux:some-long-tag",
            "foo_bar.com:8080,                     docker.io/library/foo_bar.com:8080",
            "foo/foo_bar.com:8080,                 docker.io/foo/foo_bar.com:8080",
            "a__b/c--d/e.f,                        docker.io/a__b/c--d/e.f:latest",
            "[2001:db8::1]/repo,                   [2001:db8::1]/repo:latest",
            "[2001:db8::1]:5000/repo:tag,          [2001:db8::1]:5000/repo:tag",
            "Foo.com/bar,                          Foo.com/bar:latest",
    })
    void normalisesAsDocker(String input, String expected) {
        assertThat(ImageReference.parse(input).toString()).isEqualTo(expected);
    }

    @Test
    void keepsRegistryRepositoryTagAndDigestApart() {
        ImageReference ref = ImageReference.parse("localhost:5000/a/b:t@sha256:" + HEX);
        assertThat(ref.registry()).isEqualTo("localhost:5000");
        assertThat(ref.repository()).isEqualTo("a/b");
        assertThat(ref.tag()).contains("t");
        assertThat(ref.digest()).contains(Digest.parse("sha256:" + HEX));
        assertThat(ref.identifier()).isEqualTo("sha256:" + HEX);
    }

    @Test
    void digestOnlyReferenceGetsNoDefaultTag() {
        ImageReference ref = ImageReference.parse("busybox@sha256:" + HEX);
        assertThat(ref.tag()).isEmpty();
        assertThat(ref.toString()).isEqualTo("docker.io/library/busybox@sha256:" + HEX);
        assertThat(ref.familiar()).isEqualTo("busybox@sha256:" + HEX);
    }

    @Test
    void familiarFormDropsWhatDockerDrops() {
        assertThat(ImageReference.parse("docker.io/library/busybox").familiar()).isEqualTo("busybox:latest");
        assertThat(ImageReference.parse("user/app:1").familiar()).isEqualTo("user/app:1");
        assertThat(ImageReference.parse("localhost:5000/app:1").familiar()).isEqualTo("localhost:5000/app:1");
    }

    static Stream<String> invalid() {
        return Stream.of("", ":justtag", "@sha256:" + HEX, "repo@sha256:ffffffffffffff", "validname@invaliddigest:ecbfc",
            "Uppercase:tag", "test:5000/Uppercase/lowercase:tag", "aa/asdf$$^/aa", "a//b", "a/", "/a",
            "-busybox", "busybox:", "busybox:-tag", HEX, "[fe80::1%eth0]:5000/repo", "docker.io/UPPER",
            "repo:tag:tag2");
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsWhatDockerRejects(String input) {
        assertThatThrownBy(() -> ImageReference.parse(input))
                .isInstanceOf(ImageReference.InvalidReferenceException.class)
                .hasMessageStartingWith("invalid reference format");
    }

    @Test
    void rejectsNamesLongerThan255Characters() {
        String longName = "a".repeat(256);
        assertThatThrownBy(() -> ImageReference.parse("example.com/" + longName))
                .hasMessageContaining("must not be more than 255 characters");
    }

    @Test
    void saysWhyUppercaseIsRefused() {
        assertThatThrownBy(() -> ImageReference.parse("Busybox"))
                .hasMessageContaining("must be lowercase");
    }

    @Test
    void rejectsAnUnsupportedDigestAlgorithmInAReference() {
        assertThatThrownBy(() -> ImageReference.parse("busybox@md5:" + "f".repeat(32)))
                .hasMessageContaining("unsupported digest algorithm");
    }
}
