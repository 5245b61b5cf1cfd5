package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.testing.Conformance;
import dev.lamina.image.testing.Peers;
import dev.lamina.image.testing.ProjectRoot;
import java.nio.file.Files;
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

    /**
     * Start-up cost is most of a short command's time, so the archive and store commands keep clear of what made it
     * large: databind's ObjectMapper (a fifth of a second of CPU to set up) and SecureRandom (22 ms to seed, for
     * temporary names). Each command's loaded classes are listed by the JVM itself.
     */
    @Test
    void archiveAndStoreCommandsStartWithoutObjectMapperOrSecureRandom(@TempDir Path work) throws Exception {
        Path fixture = Conformance.require("images").resolve("go-containerregistry/pkg/v1/tarball/testdata/test_image_1.tar");
        String image = "bazel/v1/tarball:test_image_1";
        List<List<String>> commands = List.of(List.of("load", "-q", "-i", fixture.toString()), List.of("images"),
                List.of("history", image), List.of("inspect", image),
                List.of("save", "-q", "-o", work.resolve("d.tar").toString(), image),
                List.of("save", "-q", "--format", "oci", "-o", work.resolve("o.tar").toString(), image),
                List.of("copy", image, "oci:" + work.resolve("layout") + ":1"),
                List.of("--root", work.resolve("again").toString(), "load", "-q", "-i", work.resolve("o.tar").toString()));
        for (List<String> args : commands) {
            Path classes = work.resolve("classes.txt");
            List<String> command = new java.util.ArrayList<>(List.of(LAMINA));
            command.addAll(args);
            Peers.Result result = Peers.run(command, Map.of("LAMINA_ROOT", root.toString(),
                    "LAMINA_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes), Duration.ofMinutes(5));
            assertThat(result.exitCode()).as(args + ": " + result.stderr()).isZero();
            assertThat(Files.readAllLines(classes)).as("classes loaded by lamina " + String.join(" ", args))
                    .isNotEmpty()
                    .noneMatch(line -> line.contains(" com.fasterxml.jackson.databind.ObjectMapper ")
                            || line.contains(" java.security.SecureRandom "));
        }
    }
}
