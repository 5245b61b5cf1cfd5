package dev.lamina.registry.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.LaminaException;
import dev.lamina.image.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Docker credential helper, {@code docker-credential-NAME}, spoken to as Docker does: the action
 * ({@code get}, {@code store}, {@code erase}) as the only argument, the request on stdin, the answer on
 * stdout. Secrets pass only through the pipes, never through arguments, the environment or messages.
 */
final class CredentialHelper {
    /** Docker's marker user name for an identity token kept by a helper. */
    static final String TOKEN_USERNAME = "<token>";
    private static final long TIMEOUT_SECONDS = 60;
    private static final int OUTPUT_LIMIT = 1 << 20;

    private final String name;
    private final Map<String, String> env;

    CredentialHelper(String name, Map<String, String> env) {
        this.name = name;
        this.env = env;
    }

    String program() {
        return "docker-credential-" + name;
    }

    /** The credentials the helper keeps for {@code serverUrl}; empty when it has none. */
    Optional<Credentials> get(String serverUrl) {
        Result result = run("get", serverUrl);
        if (result.exitCode != 0) {
            if (result.output.contains("credentials not found")) {
                return Optional.empty();
            }
            throw failure("get", result);
        }
        JsonNode answer = Json.readTree(result.output.getBytes(StandardCharsets.UTF_8), program() + " get output");
        String username = answer.path("Username").asText("");
        String secret = answer.path("Secret").asText("");
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(username.equals(TOKEN_USERNAME)
                ? Credentials.identityToken("", secret)
                : Credentials.of(username, secret));
    }

    void store(String serverUrl, Credentials credentials) {
        ObjectNode request = Json.object();
        request.put("ServerURL", serverUrl);
        if (credentials.identityToken().isPresent()) {
            request.put("Username", TOKEN_USERNAME);
            request.put("Secret", credentials.identityToken().get());
        } else {
            request.put("Username", credentials.username());
            request.put("Secret", credentials.password());
        }
        Result result = run("store", new String(Json.write(request), StandardCharsets.UTF_8));
        if (result.exitCode != 0) {
            throw failure("store", result);
        }
    }

    /** Removes what the helper keeps for {@code serverUrl}; false when it kept nothing. */
    boolean erase(String serverUrl) {
        Result result = run("erase", serverUrl);
        if (result.exitCode != 0) {
            if (result.output.contains("credentials not found")) {
                return false;
            }
            throw failure("erase", result);
        }
        return true;
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(String action, String input) {
        Path executable = locate().orElseThrow(() -> new LaminaException("credential helper " + program()
                + " (named in the Docker config) is not on the PATH"));
        ProcessBuilder builder = new ProcessBuilder(executable.toString(), action)
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // a helper that exits without reading its input is judged by its exit code below
            }
            String output = readLimited(process.getInputStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LaminaException(program() + " " + action + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), output.trim());
        } catch (IOException e) {
            throw new LaminaException("cannot run " + program() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaminaException("interrupted while running " + program());
        }
    }

    private LaminaException failure(String action, Result result) {
        // The output of a failing helper is an error message, not credentials: its first line is shown.
        String line = result.output.lines().findFirst().orElse("").strip();
        return new LaminaException(program() + " " + action + " failed (exit code " + result.exitCode + ")"
                + (line.isEmpty() ? "" : ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line)));
    }

    private Optional<Path> locate() {
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program());
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String readLimited(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (out.size() + n > OUTPUT_LIMIT) {
                throw new IOException("credential helper output exceeds " + OUTPUT_LIMIT + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
