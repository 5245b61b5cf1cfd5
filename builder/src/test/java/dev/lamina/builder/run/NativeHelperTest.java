package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.LaminaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helper as the build ships it; these fail when the build had no gcc, which scripts/test installs. */
class NativeHelperTest {
    static final String ARCH = NativeHelper.architecture();

    @TempDir
    Path temp;

    static String shippedDigest() throws IOException {
        try (InputStream in = NativeHelper.class.getResourceAsStream(
                "/dev/lamina/builder/run/native/lamina-init-" + ARCH + ".sha256")) {
            assertThat(in).as("the helper in the build (needs gcc and libc6-dev)").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        }
    }

    @Test
    void extractsOnceUnderItsContentHash() throws IOException {
        Path cache = temp.resolve("cache");

        Path helper = NativeHelper.extracted(cache, ARCH);

        assertThat(helper).isEqualTo(cache.resolve("lamina-init-" + shippedDigest().substring(0, 16)));
        assertThat(Files.isExecutable(helper)).isTrue();
        assertThat(NativeHelper.extracted(cache, ARCH)).isEqualTo(helper);
        assertThat(Files.getPosixFilePermissions(cache)).hasSize(3); // rwx for the owner only
    }

    @Test
    void replacesACopyThatDoesNotMatchTheDigest() throws IOException {
        Path cache = Files.createDirectories(temp.resolve("cache"));
        Path planted = Files.writeString(cache.resolve("lamina-init-" + shippedDigest().substring(0, 16)), "#!/bin/sh\n");

        Path helper = NativeHelper.extracted(cache, ARCH);

        assertThat(helper).isEqualTo(planted);
        assertThat(Files.size(helper)).isGreaterThan(100_000);
    }

    @Test
    void refusesACacheOthersCanWriteTo() throws IOException {
        Path cache = Files.createDirectories(temp.resolve("shared"));
        Files.setAttribute(cache, "unix:mode", 0777);

        assertThatThrownBy(() -> NativeHelper.extracted(cache, ARCH)).isInstanceOf(LaminaException.class)
                .hasMessageContaining("writable by no one else");
    }

    @Test
    void aBuildWithoutTheHelperSaysHowToGetOne() {
        assertThatThrownBy(() -> NativeHelper.extracted(temp.resolve("cache"), "sparc64"))
                .isInstanceOf(LaminaException.class)
                .hasMessage("this lamina build has no native RUN helper for linux/sparc64 (gcc was missing when it was"
                        + " built): rebuild lamina with gcc and libc6-dev installed, or use --runtime runc");
    }
}
