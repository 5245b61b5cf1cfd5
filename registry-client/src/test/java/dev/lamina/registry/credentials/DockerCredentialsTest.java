package dev.lamina.registry.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.LaminaException;
import dev.lamina.image.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and writing credentials where Docker and the containers tools keep them. */
class DockerCredentialsTest {
    @TempDir
    Path home;

    final Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin:/bin"));

    DockerCredentials credentials() {
        return DockerCredentials.fromEnvironment(env, home);
    }

    Path dockerConfig(String json) throws IOException {
        Path file = home.resolve(".docker/config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        return file;
    }

    static String auth(String userPass) {
        return Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    /** A credential helper: a script answering get/store/erase from a file of its own. */
    Path helper(String name, String username, String secret) throws IOException {
        Path bin = home.resolve("bin");
        Files.createDirectories(bin);
        Path log = home.resolve(name + ".log");
        Path script = bin.resolve("docker-credential-" + name);
        Files.writeString(script, String.join("\n",
                "#!/bin/sh",
                "read -r input || true",
                "echo \"$1 $input\" >> " + log,
                "case \"$1\" in",
                "  get)",
                "    if [ \"$input\" = \"registry.example:5000\" ]; then",
                "      printf '{\"ServerURL\":\"%s\",\"Username\":\"" + username + "\",\"Secret\":\"" + secret
                        + "\"}' \"$input\"",
                "    else echo 'credentials not found in native keychain'; exit 1; fi ;;",
                "  store) cat >> " + log + " ;;",
                "  erase) ;;",
                "esac",
                ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("PATH", bin + ":/usr/bin:/bin");
        return log;
    }

    @Test
    void readsBase64AuthEntriesWhateverTheKeyLooksLike() throws IOException {
        dockerConfig("{\"auths\":{\"https://registry.example:5000/v2/\":{\"auth\":\"" + auth("alice:pa:ss")
                + "\"},\"https://index.docker.io/v1/\":{\"auth\":\"" + auth("bob:hub") + "\"}}}");
        assertThat(credentials().lookup("registry.example:5000")).contains(Credentials.of("alice", "pa:ss"));
        assertThat(credentials().lookup("docker.io")).contains(Credentials.of("bob", "hub"));
        assertThat(credentials().lookup("elsewhere.example")).isEmpty();
    }

    @Test
    void readsIdentityTokensAndPlainUserPasswordFields() throws IOException {
        dockerConfig("{\"auths\":{\"a.example\":{\"auth\":\"" + auth("carol:") + "\",\"identitytoken\":\"refresh-1\"},"
                + "\"b.example\":{\"username\":\"dave\",\"password\":\"pw\"}}}");
        assertThat(credentials().lookup("a.example")).contains(Credentials.identityToken("carol", "refresh-1"));
        assertThat(credentials().lookup("b.example")).contains(Credentials.of("dave", "pw"));
    }

    @Test
    void asksTheRegistrysCredentialHelperOverStdin() throws IOException {
        Path log = helper("fake", "erin", "from-helper");
        dockerConfig("{\"credHelpers\":{\"registry.example:5000\":\"fake\"}}");
        assertThat(credentials().lookup("registry.example:5000")).contains(Credentials.of("erin", "from-helper"));
        assertThat(Files.readString(log)).isEqualTo("get registry.example:5000\n");
    }

    @Test
    void aHelperThatKnowsNothingFallsBackToTheFile() throws IOException {
        helper("store", "x", "y");
        dockerConfig("{\"credsStore\":\"store\",\"auths\":{\"other.example\":{\"auth\":\"" + auth("f:g") + "\"}}}");
        assertThat(credentials().lookup("other.example")).contains(Credentials.of("f", "g"));
    }

    @Test
    void aHelperTokenMarkerBecomesAnIdentityToken() throws IOException {
        helper("tok", "<token>", "refresh-2");
        dockerConfig("{\"credsStore\":\"tok\"}");
        assertThat(credentials().lookup("registry.example:5000")).contains(Credentials.identityToken("", "refresh-2"));
    }

    @Test
    void aMissingHelperIsNamedInTheError() throws IOException {
        dockerConfig("{\"credsStore\":\"absent\"}");
        assertThatThrownBy(() -> credentials().lookup("registry.example:5000"))
                .isInstanceOf(LaminaException.class)
                .hasMessage("credential helper docker-credential-absent (named in the Docker config) is not on the PATH");
    }

    @Test
    void dockerConfigAndRegistryAuthFileAreFoundThroughTheEnvironment() throws IOException {
        Path dockerDir = home.resolve("elsewhere");
        Files.createDirectories(dockerDir);
        Files.writeString(dockerDir.resolve("config.json"), "{\"auths\":{\"a.example\":{\"auth\":\"" + auth("d:1") + "\"}}}");
        Path authFile = home.resolve("auth.json");
        Files.writeString(authFile, "{\"auths\":{\"a.example\":{\"auth\":\"" + auth("r:2") + "\"},"
                + "\"b.example\":{\"auth\":\"" + auth("r:3") + "\"}}}");
        env.put("DOCKER_CONFIG", dockerDir.toString());
        assertThat(credentials().lookup("a.example")).contains(Credentials.of("d", "1"));

        env.put("REGISTRY_AUTH_FILE", authFile.toString());
        assertThat(credentials().lookup("a.example")).contains(Credentials.of("r", "2"));
        assertThat(credentials().file()).isEqualTo(authFile);
    }

    @Test
    void loginAndLogoutChangeOnlyTheirEntry() throws IOException {
        Path file = dockerConfig("{\n\t\"auths\": {\n\t\t\"keep.example\": {\n\t\t\t\"auth\": \"" + auth("k:v")
                + "\",\n\t\t\t\"email\": \"k@example\"\n\t\t}\n\t},\n\t\"psFormat\": \"table {{.ID}}\",\n"
                + "\t\"proxies\": {\"default\": {\"httpProxy\": \"http://proxy:3128\"}}\n}\n");
        DockerCredentials credentials = credentials();

        assertThat(credentials.store("new.example:5000", Credentials.of("neo", "pw"))).isEqualTo(file.toString());
        JsonNode written = Json.readTree(Files.readAllBytes(file), "config");
        assertThat(written.path("auths").path("new.example:5000").path("auth").asText()).isEqualTo(auth("neo:pw"));
        assertThat(written.path("auths").path("keep.example").path("email").asText()).isEqualTo("k@example");
        assertThat(written.path("psFormat").asText()).isEqualTo("table {{.ID}}");
        assertThat(written.path("proxies").path("default").path("httpProxy").asText()).isEqualTo("http://proxy:3128");
        assertThat(Files.readString(file)).startsWith("{\n\t\"auths\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(credentials.lookup("new.example:5000")).contains(Credentials.of("neo", "pw"));

        assertThat(credentials.erase("new.example:5000")).isTrue();
        assertThat(credentials.erase("new.example:5000")).isFalse();
        JsonNode after = Json.readTree(Files.readAllBytes(file), "config");
        assertThat(after.path("auths").has("new.example:5000")).isFalse();
        assertThat(after.path("auths").path("keep.example").path("auth").asText()).isEqualTo(auth("k:v"));
        assertThat(after.path("psFormat").asText()).isEqualTo("table {{.ID}}");
    }

    @Test
    void dockerHubIsFiledUnderItsHistoricalKeyAndAnIdentityTokenReplacesThePassword() throws IOException {
        Path file = home.resolve(".docker/config.json");
        credentials().store("docker.io", Credentials.identityToken("hubuser", "refresh-3"));
        JsonNode entry = Json.readTree(Files.readAllBytes(file), "config").path("auths").path("https://index.docker.io/v1/");
        assertThat(entry.path("auth").asText()).isEqualTo(auth("hubuser:"));
        assertThat(entry.path("identitytoken").asText()).isEqualTo("refresh-3");
        assertThat(credentials().lookup("docker.io")).contains(Credentials.identityToken("hubuser", "refresh-3"));
    }

    @Test
    void loginWithAHelperSendsTheSecretOnlyThroughItsStdin() throws IOException {
        Path log = helper("fake", "x", "y");
        Path file = dockerConfig("{\"credsStore\":\"fake\"}");
        assertThat(credentials().store("registry.example:5000", Credentials.of("frank", "hunter2")))
                .isEqualTo("docker-credential-fake");
        assertThat(Files.readString(log)).contains("\"ServerURL\":\"registry.example:5000\"")
                .contains("\"Username\":\"frank\"").contains("\"Secret\":\"hunter2\"");
        assertThat(Files.readString(file)).doesNotContain("hunter2").contains("registry.example:5000");
    }

    @Test
    void credentialsNeverShowTheirSecrets() {
        assertThat(Credentials.of("user", "hunter2").toString()).doesNotContain("hunter2").contains("user");
        assertThat(new Credentials("u", "p", Optional.of("tok-123")).toString()).doesNotContain("tok-123");
    }

    @Test
    void aMalformedAuthValueIsReportedWithoutItsContent() throws IOException {
        dockerConfig("{\"auths\":{\"a.example\":{\"auth\":\"!!not-base64-secret!!\"}}}");
        assertThatThrownBy(() -> credentials().lookup("a.example")).isInstanceOf(LaminaException.class)
                .hasMessageContaining("a.example").hasMessageNotContaining("not-base64-secret");
    }
}
