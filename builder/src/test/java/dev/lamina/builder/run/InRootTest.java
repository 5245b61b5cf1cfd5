package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.LaminaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InRootTest {
    @TempDir
    Path root;

    @Test
    void followsSymlinksAsTheContainerWould() throws IOException {
        Files.createDirectories(root.resolve("private/etc"));
        Files.createSymbolicLink(root.resolve("etc"), Path.of("/private/etc"));
        Files.createSymbolicLink(root.resolve("private/etc/hosts"), Path.of("../../run/hosts"));

        assertThat(InRoot.resolve(root, "/etc/hosts")).isEqualTo(root.resolve("run/hosts"));
    }

    @Test
    void neverLeavesTheRoot() throws IOException {
        Files.createSymbolicLink(root.resolve("escape"), Path.of("../../../../etc"));
        Files.createSymbolicLink(root.resolve("absolute"), Path.of("/etc/passwd"));

        assertThat(InRoot.resolve(root, "/../../etc/passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(InRoot.resolve(root, "/escape/passwd")).isEqualTo(root.resolve("etc/passwd"));
        assertThat(InRoot.resolve(root, "/absolute")).isEqualTo(root.resolve("etc/passwd"));
    }

    @Test
    void refusesSymlinkLoops() throws IOException {
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));

        assertThatThrownBy(() -> InRoot.resolve(root, "/a/x")).isInstanceOf(LaminaException.class)
                .hasMessage("too many levels of symbolic links resolving /a/x");
    }
}
