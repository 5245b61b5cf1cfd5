package dev.lamina.image.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real tools lamina is checked against (skopeo, umoci, oci-image-tool, docker-registry…). A missing
 * peer fails the test with the way to get it: the test command installs them, and a peer test that
 * silently skipped could never fail.
 */
public final class Peers {
    private Peers() {
    }

    /** The output of a finished command. */
    public record Result(int exitCode, String stdout, String stderr) {
        public Result requireSuccess(List<String> command) {
            if (exitCode != 0) {
                fail("%s exited %d%nstdout: %s%nstderr: %s", String.join(" ", command), exitCode, stdout, stderr);
            }
            return this;
        }
    }

    public static Optional<Path> find(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path candidate = Path.of(dir, binary);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The peer's path, or a failed test saying how to install it. */
    public static Path require(String binary) {
        return find(binary).orElseGet(() -> fail(binary + " is not installed: ./scripts/test installs the peers"
                + " (apt-get install docker-registry skopeo umoci oci-image-tool busybox-static buildah runc)"));
    }

    public static Result run(List<String> command) {
        return run(command, Map.of(), Duration.ofMinutes(5));
    }

    public static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            Path out = Files.createTempFile("peer", ".out");
            Path err = Files.createTempFile("peer", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    fail("%s did not finish within %s", String.join(" ", command), timeout);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return fail("cannot run " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted running " + command);
        }
    }

    /** Runs and requires exit code 0. */
    public static Result check(String... command) {
        List<String> list = new ArrayList<>(List.of(command));
        return run(list).requireSuccess(list);
    }
}
