package dev.lamina.registry.credentials;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials where Docker, Podman and skopeo keep them. Reading consults {@code $REGISTRY_AUTH_FILE}
 * (the containers tools' auth file) when it is set, then the Docker config: {@code $DOCKER_CONFIG/config.json},
 * else {@code ~/.docker/config.json}. {@code lamina login} and {@code logout} write to the first of those, as
 * {@code podman login} does, so that every tool reading the same file agrees.
 */
public final class DockerCredentials implements CredentialStore {
    private final Optional<AuthFile> authFile;
    private final AuthFile dockerConfig;

    private DockerCredentials(Optional<AuthFile> authFile, AuthFile dockerConfig) {
        this.authFile = authFile;
        this.dockerConfig = dockerConfig;
    }

    /**
     * The files named by {@code env} ({@code REGISTRY_AUTH_FILE}, {@code DOCKER_CONFIG}, {@code PATH} for
     * helpers) and {@code home}.
     */
    public static DockerCredentials fromEnvironment(Map<String, String> env, Path home) {
        Optional<AuthFile> authFile = Optional.ofNullable(env.get("REGISTRY_AUTH_FILE"))
                .filter(s -> !s.isBlank())
                .map(s -> new AuthFile(Path.of(s), env));
        String dockerConfigDir = env.get("DOCKER_CONFIG");
        Path dir = dockerConfigDir == null || dockerConfigDir.isBlank() ? home.resolve(".docker") : Path.of(dockerConfigDir);
        return new DockerCredentials(authFile, new AuthFile(dir.resolve("config.json"), env));
    }

    @Override
    public Optional<Credentials> lookup(String registry) {
        if (authFile.isPresent()) {
            Optional<Credentials> found = authFile.get().lookup(registry);
            if (found.isPresent()) {
                return found;
            }
        }
        return dockerConfig.lookup(registry);
    }

    /** The file logins are written to. */
    public Path file() {
        return writable().path();
    }

    /** Keeps credentials for {@code registry}; returns where they went (the file, or a helper's name). */
    public String store(String registry, Credentials credentials) {
        return writable().store(registry, credentials);
    }

    /** Forgets the credentials for {@code registry}; false when there were none. */
    public boolean erase(String registry) {
        return writable().erase(registry);
    }

    private AuthFile writable() {
        return authFile.orElse(dockerConfig);
    }
}
