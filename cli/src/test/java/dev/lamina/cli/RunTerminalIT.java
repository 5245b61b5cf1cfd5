package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.image.testing.Peers;
import dev.lamina.image.testing.ProjectRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lamina run -t} through the real launcher, in a real terminal: a small python3 driver
 * ({@code pty-driver.py}) gives lamina a pseudo-terminal as its controlling terminal, as a terminal emulator
 * would, and reports what the terminal showed and its modes before, during and after.
 */
@Tag("root")
class RunTerminalIT {
    private static final String LAMINA = ProjectRoot.get().resolve("lamina").toString();

    @TempDir
    static Path root;
    static Path driver;

    @BeforeAll
    static void setUp() throws IOException {
        BusyboxImage.create(root, "bb", c -> { });
        driver = root.resolve("pty-driver.py");
        try (InputStream in = RunTerminalIT.class.getResourceAsStream("pty-driver.py")) {
            Files.copy(in, driver);
        }
    }

    /** Runs {@code lamina ARGS} in a 30x100 terminal; {@code action} is what the driver does at READY. */
    private static JsonNode inTerminal(String action, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Peers.require("python3").toString(), driver.toString(), "30",
                "100", action, LAMINA));
        command.addAll(List.of(args));
        Peers.Result result = Peers.run(command, Map.of("LAMINA_ROOT", root.toString()), Duration.ofMinutes(3));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return new ObjectMapper().readTree(result.stdout());
    }

    private static Peers.Result lamina(String... args) {
        List<String> command = new ArrayList<>(List.of(LAMINA));
        command.addAll(List.of(args));
        return Peers.run(command, Map.of("LAMINA_ROOT", root.toString()), Duration.ofMinutes(3));
    }

    @Test
    void theCommandGetsItsOwnTerminalWithTheCallersSize() throws IOException {
        JsonNode run = inTerminal("none", "run", "-it", "bb", "sh", "-c", "tty; stty size; exit 7");

        assertThat(run.get("output").asText()).isEqualTo("/dev/pts/0\r\n30 100\r\n");
        assertThat(run.get("code").asInt()).isEqualTo(7);
        assertThat(run.get("restored").asBoolean()).isTrue();
    }

    @Test
    void theCallersTerminalIsRawMeanwhileAndRestoredAfterAndResizesReachTheCommand() throws IOException {
        JsonNode run = inTerminal("resize", "run", "-it", "bb", "sh", "-c", "echo READY; read line; stty size");

        assertThat(run.get("echoBefore").asBoolean()).isTrue();
        assertThat(run.get("echoDuring").asBoolean()).as("raw mode while the command runs").isFalse();
        assertThat(run.get("restored").asBoolean()).isTrue();
        assertThat(run.get("output").asText()).endsWith("50 132\r\n");
        assertThat(run.get("code").asInt()).isZero();
    }

    @Test
    void ctrlCReachesTheCommandThroughItsTerminal() throws IOException {
        JsonNode raw = inTerminal("interrupt", "run", "-it", "bb", "sh", "-c", "echo READY; sleep 60");
        JsonNode cooked = inTerminal("interrupt", "run", "-t", "bb", "sh", "-c", "echo READY; sleep 60");

        assertThat(raw.get("code").asInt()).isEqualTo(130);
        assertThat(raw.get("restored").asBoolean()).isTrue();
        assertThat(cooked.get("code").asInt()).isEqualTo(130);
        assertThat(root.resolve("lamina/run")).isEmptyDirectory();
    }

    @Test
    void ctrlCWithoutATerminalForTheCommandEndsItAndLeavesNothing() throws IOException {
        JsonNode run = inTerminal("interrupt", "run", "-i", "bb", "sh", "-c", "echo READY; sleep 60");

        assertThat(run.get("code").asInt()).isEqualTo(130);
        assertThat(root.resolve("lamina/run")).isEmptyDirectory();
    }

    @Test
    void interactiveWithATerminalNeedsStdinToBeOne() {
        Peers.Result result = lamina("run", "-i", "-t", "bb", "true");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).isEqualTo("lamina: error: the input device is not a TTY\n");
    }

    @Test
    void withoutATerminalAroundTtyStillGivesTheCommandOne() {
        Peers.Result result = lamina("run", "-t", "bb", "sh", "-c", "tty; exit 3");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("/dev/pts/0\r\n");
    }

    @Test
    void pipesWorkThroughTheLauncher() {
        Peers.Result result = Peers.run(List.of("sh", "-c", "echo hi | " + LAMINA + " run -i bb cat"),
                Map.of("LAMINA_ROOT", root.toString()), Duration.ofMinutes(3));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("hi\n");
    }
}
