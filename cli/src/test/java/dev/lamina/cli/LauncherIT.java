package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.testing.Peers;
import dev.lamina.image.testing.ProjectRoot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code ./lamina} launcher, as a user runs it, on the packaged jar. */
class LauncherIT {
    private static final String LAMINA = ProjectRoot.get().resolve("lamina").toString();

    @TempDir
    Path root;

    private Peers.Result lamina(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(LAMINA));
        command.addAll(List.of(args));
        return Peers.run(command, Map.of("LAMINA_ROOT", root.toString()), Duration.ofMinutes(5));
    }

    @Test
    void printsItsVersion() {
        Peers.Result result = lamina("--version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).startsWith("lamina ");
    }

    @Test
    void listsAnEmptyStoreAsJson() {
        Peers.Result result = lamina("images", "--format", "json");
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().trim()).isEqualTo("[]");
        assertThat(root.resolve("index.json")).exists();
    }

    @Test
    void reportsFailuresAsOneLineWithExitCode1() {
        Peers.Result result = lamina("rmi", "no-such-image");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("lamina: error: no such image: no-such-image\n");
    }

    @Test
    void reportsUsageErrorsWithExitCode2() {
        Peers.Result result = lamina("images", "--no-such-flag");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("lamina: error: Unknown option: '--no-such-flag'");
    }
}
