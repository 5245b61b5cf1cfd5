package dev.lamina.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.ImageReference;
import dev.lamina.image.json.Json;
import dev.lamina.registry.EnvironmentProxies;
import dev.lamina.registry.RegistryClient;
import dev.lamina.registry.RegistryOptions;
import dev.lamina.registry.credentials.DockerCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registry side of one lamina run: clients configured from the environment (credentials as Docker
 * keeps them, insecure registries, {@code --debug} request logs on stderr), one per TLS-verification
 * setting, so that {@code copy --src-tls-verify=false} does not weaken the destination.
 */
final class Registries implements AutoCloseable {
    /** Docker's daemon configuration, whose {@code insecure-registries} users already keep. */
    static final Path DOCKER_DAEMON_JSON = Path.of("/etc/docker/daemon.json");
    static final String TRANSPORT = "docker://";

    private final Console console;
    private final boolean debug;
    private final Map<Boolean, RegistryClient> clients = new HashMap<>();

    Registries(Console console, boolean debug) {
        this.console = console;
        this.debug = debug;
    }

    RegistryClient client(boolean tlsVerify) {
        return clients.computeIfAbsent(tlsVerify, verify -> RegistryClient.create(RegistryOptions.defaults()
                .withTlsVerify(verify)
                .withInsecureRegistries(insecureRegistries())
                .withCredentials(credentials())
                .withProxies(EnvironmentProxies.from(console.env()))
                .withUserAgent("lamina/" + new Version().getVersion()[0].substring("lamina ".length()))
                .withLog(debug ? line -> console.err().println("lamina: debug: " + line)
                        : RegistryOptions.HttpLogger.NONE)));
    }

    DockerCredentials credentials() {
        Map<String, String> env = console.env();
        return DockerCredentials.fromEnvironment(env, console.home());
    }

    /** {@code $LAMINA_INSECURE_REGISTRIES} (comma separated) and Docker's {@code insecure-registries}. */
    Set<String> insecureRegistries() {
        Set<String> registries = new HashSet<>();
        String listed = console.env().getOrDefault("LAMINA_INSECURE_REGISTRIES", "");
        for (String entry : listed.split(",")) {
            if (!entry.isBlank()) {
                registries.add(entry.trim());
            }
        }
        if (Files.isReadable(DOCKER_DAEMON_JSON)) {
            try {
                JsonNode daemon = Json.readTree(Files.readAllBytes(DOCKER_DAEMON_JSON), DOCKER_DAEMON_JSON.toString());
                daemon.path("insecure-registries").forEach(node -> registries.add(node.asText()));
            } catch (IOException | RuntimeException e) {
                console.err().println("lamina: warning: ignoring " + DOCKER_DAEMON_JSON + ": " + e.getMessage());
            }
        }
        return registries;
    }

    /** A reference as given to a registry command, with or without {@code docker://}. */
    static ImageReference reference(String text) {
        return ImageReference.parse(text.startsWith(TRANSPORT) ? text.substring(TRANSPORT.length()) : text);
    }

    @Override
    public void close() {
        clients.values().forEach(RegistryClient::close);
        clients.clear();
    }
}
