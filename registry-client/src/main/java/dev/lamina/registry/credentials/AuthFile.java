package dev.lamina.registry.credentials;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.LaminaException;
import dev.lamina.image.io.TempNames;
import dev.lamina.image.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One credentials file in Docker's format ({@code ~/.docker/config.json}, or a containers
 * {@code auth.json}): {@code auths} entries keyed by registry, {@code credsStore} (a helper for every
 * registry) and {@code credHelpers} (a helper per registry). Changes rewrite only the entry concerned; every
 * other field and entry, known to lamina or not, stays as it was.
 */
final class AuthFile {
    /** The key Docker files Docker Hub under. */
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
    private static final List<String> DOCKER_HUB_ALIASES =
            List.of("docker.io", "index.docker.io", "registry-1.docker.io");

    private final Path path;
    private final Map<String, String> env;

    AuthFile(Path path, Map<String, String> env) {
        this.path = path;
        this.env = env;
    }

    Path path() {
        return path;
    }

    /** Credentials for {@code registry}: its own helper, else the default store's, else an {@code auths} entry. */
    Optional<Credentials> lookup(String registry) {
        ObjectNode root = read();
        Optional<CredentialHelper> helper = helperFor(root, registry);
        if (helper.isPresent()) {
            Optional<Credentials> found = helper.get().get(serverUrl(registry));
            if (found.isPresent()) {
                return found;
            }
        }
        return entryFor(root, registry).flatMap(entry -> decode(entry, registry));
    }

    /** Keeps {@code credentials} for {@code registry}; returns where they went (a file or a helper). */
    String store(String registry, Credentials credentials) {
        ObjectNode root = read();
        Optional<CredentialHelper> helper = helperFor(root, registry);
        ObjectNode auths = root.has("auths") && root.get("auths").isObject()
                ? (ObjectNode) root.get("auths") : root.putObject("auths");
        removeEntries(auths, registry);
        ObjectNode entry = auths.putObject(key(registry));
        if (helper.isPresent()) {
            helper.get().store(serverUrl(registry), credentials);
            // Docker leaves an empty entry behind, so that tools listing auths still see the registry.
            write(root);
            return helper.get().program();
        }
        String userPass = credentials.username() + ":" + (credentials.identityToken().isPresent() ? ""
                : credentials.password());
        entry.put("auth", Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8)));
        credentials.identityToken().ifPresent(token -> entry.put("identitytoken", token));
        write(root);
        return path.toString();
    }

    /** Forgets what is kept for {@code registry}; false when nothing was. */
    boolean erase(String registry) {
        if (!Files.exists(path)) {
            return false;
        }
        ObjectNode root = read();
        boolean erased = false;
        Optional<CredentialHelper> helper = helperFor(root, registry);
        if (helper.isPresent()) {
            erased = helper.get().erase(serverUrl(registry));
        }
        JsonNode auths = root.get("auths");
        if (auths instanceof ObjectNode object && removeEntries(object, registry)) {
            erased = true;
        }
        if (erased) {
            write(root);
        }
        return erased;
    }

    // ---- reading ----

    private ObjectNode read() {
        try {
            byte[] bytes = Files.readAllBytes(path);
            if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
                return Json.object();
            }
            return Json.readObject(bytes, "credentials file " + path);
        } catch (NoSuchFileException e) {
            return Json.object();
        } catch (IOException e) {
            throw new LaminaException("cannot read credentials file " + path + ": " + e.getMessage(), e);
        }
    }

    private Optional<CredentialHelper> helperFor(ObjectNode root, String registry) {
        JsonNode perRegistry = root.path("credHelpers");
        for (String candidate : candidates(registry)) {
            String name = perRegistry.path(candidate).asText("");
            if (!name.isEmpty()) {
                return Optional.of(new CredentialHelper(name, env));
            }
        }
        String store = root.path("credsStore").asText("");
        return store.isEmpty() ? Optional.empty() : Optional.of(new CredentialHelper(store, env));
    }

    private static Optional<JsonNode> entryFor(ObjectNode root, String registry) {
        JsonNode auths = root.path("auths");
        Iterator<Map.Entry<String, JsonNode>> fields = auths.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (matches(field.getKey(), registry)) {
                return Optional.of(field.getValue());
            }
        }
        return Optional.empty();
    }

    private Optional<Credentials> decode(JsonNode entry, String registry) {
        String username = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        String auth = entry.path("auth").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // The value is a secret: the message names the entry, never its content.
                throw new LaminaException("invalid \"auth\" value for " + registry + " in " + path
                        + ": not base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new LaminaException("invalid \"auth\" value for " + registry + " in " + path
                        + ": expected base64 of user:password");
            }
            username = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        String identityToken = entry.path("identitytoken").asText("");
        if (!identityToken.isEmpty()) {
            return Optional.of(Credentials.identityToken(username, identityToken));
        }
        if (username.isEmpty() && password.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Credentials.of(username, password));
    }

    // ---- writing ----

    private boolean removeEntries(ObjectNode auths, String registry) {
        List<String> doomed = new ArrayList<>();
        auths.fieldNames().forEachRemaining(name -> {
            if (matches(name, registry)) {
                doomed.add(name);
            }
        });
        doomed.forEach(auths::remove);
        return !doomed.isEmpty();
    }

    /** Replaces the file atomically, readable by its owner only (it holds secrets). */
    private void write(ObjectNode root) {
        try {
            Path target = Files.isSymbolicLink(path) ? path.toRealPath() : path;
            Path dir = target.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            Path temp = dir.resolve("." + target.getFileName() + "." + TempNames.unique() + ".tmp");
            try {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(temp, pretty(root));
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new LaminaException("cannot write credentials file " + path + ": temporary file exists", e);
        } catch (IOException e) {
            throw new LaminaException("cannot write credentials file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Tab-indented, as Docker writes the file, so that a diff after a login shows only the change. */
    private static byte[] pretty(ObjectNode root) throws IOException {
        DefaultIndenter tabs = new DefaultIndenter("\t", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(tabs).withArrayIndenter(tabs);
        byte[] body = Json.write(root, printer);
        byte[] withNewline = new byte[body.length + 1];
        System.arraycopy(body, 0, withNewline, 0, body.length);
        withNewline[body.length] = '\n';
        return withNewline;
    }

    // ---- keys ----

    /** The key a new entry gets: Docker Hub's historical URL, otherwise the registry as written. */
    static String key(String registry) {
        return isDockerHub(registry) ? DOCKER_HUB_KEY : registry;
    }

    /** What a credential helper is asked about: the same as the key. */
    static String serverUrl(String registry) {
        return key(registry);
    }

    /** Whether an existing key ({@code https://host:port/v2/}, {@code host:port}) names {@code registry}. */
    static boolean matches(String key, String registry) {
        String host = hostOf(key);
        return host.equals(registry.toLowerCase(Locale.ROOT)) || (isDockerHub(host) && isDockerHub(registry));
    }

    private static List<String> candidates(String registry) {
        return isDockerHub(registry) ? List.of(registry, DOCKER_HUB_KEY, "index.docker.io", "docker.io",
                "registry-1.docker.io") : List.of(registry);
    }

    private static String hostOf(String key) {
        String k = key.trim().toLowerCase(Locale.ROOT);
        if (k.startsWith("https://")) {
            k = k.substring("https://".length());
        } else if (k.startsWith("http://")) {
            k = k.substring("http://".length());
        }
        int slash = k.indexOf('/');
        return slash < 0 ? k : k.substring(0, slash);
    }

    private static boolean isDockerHub(String registry) {
        return DOCKER_HUB_ALIASES.contains(hostOf(registry));
    }
}
