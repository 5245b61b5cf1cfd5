package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.Descriptor;
import dev.lamina.image.Platform;
import dev.lamina.image.json.Json;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.testing.TestImages;
import dev.lamina.registry.testing.MultiPlatform;
import dev.lamina.registry.testing.RegistryServer;
import dev.lamina.registry.testing.SharedRegistry;
import dev.lamina.registry.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** pull, push, tags, copy and inspect with docker://, against the real registry. */
@Tag("peer")
class RegistryCommandsTest {
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry();

    @TempDir
    Path root;
    @TempDir
    Path otherRoot;
    @TempDir
    Path work;

    CliRunner cli;
    CliRunner other;
    TestImages.Image app;
    String host;

    @BeforeEach
    void seed() throws IOException {
        host = registry.host();
        cli = new CliRunner(root, work).env("HOME", work.toString());
        other = new CliRunner(otherRoot, work).env("HOME", work.toString());
        app = TestImages.image(Platform.host(), TestImages.files("etc/app.conf", "x=1\n"),
                TestImages.files("usr/bin/app", "#!/bin/sh\necho " + root.getFileName() + "\n"));
        try (StoreDestination destination = new StoreDestination(Store.open(root))) {
            TestImages.write(app, destination);
            destination.tag(app.manifest(), host + "/team/app:1");
            destination.commit();
        }
    }

    @Test
    void pushThenPullGivesTheSameImage() {
        CliRunner.Result pushed = cli.run("push", host + "/team/app:1");
        assertThat(pushed.code()).as(pushed.err()).isZero();
        assertThat(pushed.out()).isEqualTo("1: digest: " + app.manifest().digest() + " size: " + app.manifest().size()
                + "\n");
        assertThat(pushed.err()).contains(app.layers().get(0).digest().shortHex() + ": Pushed");

        CliRunner.Result pulled = other.run("pull", host + "/team/app:1");
        assertThat(pulled.code()).as(pulled.err()).isZero();
        assertThat(pulled.out()).isEqualTo(host + "/team/app:1\n");
        assertThat(pulled.err()).contains(app.layers().get(1).digest().shortHex() + ": Download complete")
                .contains("Digest: " + app.manifest().digest())
                .contains("Status: Downloaded newer image for " + host + "/team/app:1");
        assertThat(other.run("images", "--format", "json").out()).contains(app.config().digest().toString());

        CliRunner.Result again = other.run("pull", "-q", "docker://" + host + "/team/app:1");
        assertThat(again.out()).isEqualTo(host + "/team/app:1\n");
        assertThat(again.err()).isEmpty();
    }

    @Test
    void aMissingTagFailsWithTheRegistrysCodeAndTheReference() {
        assertThat(cli.run("push", host + "/team/app:1").code()).isZero();
        CliRunner.Result result = other.run("pull", host + "/team/app:2");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("lamina: error: MANIFEST_UNKNOWN: manifest unknown: " + host
                + "/team/app:2\n");
    }

    @Test
    void pushToAnotherNameAndListItsTags() {
        assertThat(cli.run("push", "-q", host + "/team/app:1", "docker://" + host + "/team/copy:2.0").code()).isZero();
        assertThat(cli.run("push", "-q", app.config().digest().hex().substring(0, 12), host + "/team/copy:latest")
                .code()).isZero();
        CliRunner.Result tags = cli.run("tags", host + "/team/copy");
        assertThat(tags.lines()).containsExactlyInAnyOrder("2.0", "latest");
    }

    @Test
    void anImageIdNeedsADestination() {
        CliRunner.Result result = cli.run("push", app.config().digest().hex().substring(0, 12));
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("is an image ID, not a name: name a DEST");
    }

    @Test
    void pushAllTagsPushesEveryTagOfTheRepository() {
        assertThat(cli.run("tag", host + "/team/app:1", host + "/team/app:stable").code()).isZero();
        CliRunner.Result result = cli.run("push", "-q", "--all-tags", host + "/team/app");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.lines()).hasSize(2);
        assertThat(cli.run("tags", "docker://" + host + "/team/app").lines()).contains("1", "stable");
    }

    @Test
    void copyMovesImagesBetweenRegistryAndStoreAndWithinTheRegistry() {
        CliRunner.Result toRegistry = cli.run("copy", "-q", "store:" + host + "/team/app:1",
                "docker://" + host + "/copies/a:1");
        assertThat(toRegistry.code()).as(toRegistry.err()).isZero();
        CliRunner.Result within = cli.run("--debug", "copy", "docker://" + host + "/copies/a:1",
                "docker://" + host + "/copies/b:1");
        assertThat(within.code()).as(within.err()).isZero();
        assertThat(within.err()).contains("mount=").doesNotContain("> PATCH");
        CliRunner.Result toStore = other.run("copy", "docker://" + host + "/copies/b:1", "local/b:1");
        assertThat(toStore.code()).as(toStore.err()).isZero();
        assertThat(other.run("images").out()).contains("local/b");
    }

    @Test
    void inspectReadsStraightFromTheRegistry() {
        assertThat(cli.run("push", "-q", host + "/team/app:1").code()).isZero();
        CliRunner.Result result = other.run("inspect", "docker://" + host + "/team/app:1");
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode image = Json.readTree(result.out().getBytes(StandardCharsets.UTF_8), "inspect").get(0);
        assertThat(image.path("Id").asText()).isEqualTo(app.config().digest().toString());
        assertThat(image.path("Digest").asText()).isEqualTo(app.manifest().digest().toString());
        assertThat(otherRoot.resolve("blobs/sha256/" + app.layers().get(0).digest().hex())).doesNotExist();
    }

    @Test
    void pullChoosesAPlatformFromAnIndexOrTakesThemAll() throws IOException {
        Platform amd64 = MultiPlatform.AMD64;
        Platform arm64 = MultiPlatform.ARM64;
        Map<Platform, TestImages.Image> images = MultiPlatform.amd64AndArm64();
        Descriptor index;
        try (StoreDestination destination = new StoreDestination(Store.open(root))) {
            index = TestImages.writeIndex(destination, images);
            destination.tag(index, host + "/team/multi:1");
            destination.commit();
        }
        assertThat(cli.run("push", "-q", host + "/team/multi:1").code()).isZero();

        CliRunner.Result arm = other.run("pull", "-q", "--platform", "linux/arm64", host + "/team/multi:1");
        assertThat(arm.code()).as(arm.err()).isZero();
        assertThat(otherRoot.resolve("blobs/sha256/" + images.get(arm64).layers().get(0).digest().hex())).exists();
        assertThat(otherRoot.resolve("blobs/sha256/" + images.get(amd64).layers().get(0).digest().hex())).doesNotExist();

        CliRunner.Result all = other.run("pull", "-q", "--all-platforms", host + "/team/multi:1");
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(otherRoot.resolve("blobs/sha256/" + index.digest().hex())).exists();
        assertThat(otherRoot.resolve("blobs/sha256/" + images.get(amd64).layers().get(0).digest().hex())).exists();
    }

    @Test
    void debugLogsEveryRequestOnStderr() {
        CliRunner.Result result = cli.run("--debug", "push", "-q", host + "/team/app:1");
        assertThat(result.code()).isZero();
        assertThat(result.err()).contains("lamina: debug: > HEAD http://" + host + "/v2/team/app/blobs/sha256:")
                .contains("lamina: debug: < 201 PUT http://" + host + "/v2/team/app/manifests/1");
    }

    @Test
    void loginKeepsCredentialsThatPushUsesAndLogoutForgetsThem(@TempDir Path authDir) throws IOException {
        try (RegistryServer secured = RegistryServer.builder(authDir.resolve("registry"))
                .htpasswd("alice", "correct-horse").start()) {
            String securedHost = secured.host();
            Path config = authDir.resolve("docker");
            Files.createDirectories(config);
            Files.writeString(config.resolve("config.json"), "{\"auths\":{\"other.example\":{\"auth\":\"eDp5\"}}}");
            CliRunner withConfig = cli.env("DOCKER_CONFIG", config.toString());
            assertThat(withConfig.run("tag", host + "/team/app:1", securedHost + "/private/app:1").code()).isZero();

            CliRunner.Result denied = withConfig.run("push", "-q", securedHost + "/private/app:1");
            assertThat(denied.code()).isEqualTo(1);
            assertThat(denied.err()).startsWith("lamina: error: UNAUTHORIZED: authentication required");

            CliRunner.Result wrong = withConfig.run(new ByteArrayInputStream("guess\n".getBytes(StandardCharsets.UTF_8)),
                    "login", "-u", "alice", "--password-stdin", securedHost);
            assertThat(wrong.code()).isEqualTo(1);
            assertThat(wrong.err()).doesNotContain("guess");

            CliRunner.Result login = withConfig.run(new ByteArrayInputStream(
                    "correct-horse\n".getBytes(StandardCharsets.UTF_8)), "--debug", "login", "-u", "alice",
                    "--password-stdin", securedHost);
            assertThat(login.code()).as(login.err()).isZero();
            assertThat(login.out()).isEqualTo("Login Succeeded\n");
            assertThat(login.err()).doesNotContain("correct-horse");
            JsonNode written = Json.readTree(Files.readAllBytes(config.resolve("config.json")), "config");
            assertThat(written.path("auths").has(securedHost)).isTrue();
            assertThat(written.path("auths").path("other.example").path("auth").asText()).isEqualTo("eDp5");

            CliRunner.Result pushed = withConfig.run("--debug", "push", "-q", securedHost + "/private/app:1");
            assertThat(pushed.code()).as(pushed.err()).isZero();
            assertThat(pushed.err()).contains("Authorization: Basic <redacted>").doesNotContain("correct-horse");

            CliRunner.Result logout = withConfig.run("logout", securedHost);
            assertThat(logout.out()).isEqualTo("Removing login credentials for " + securedHost + "\n");
            assertThat(withConfig.run("logout", securedHost).out()).isEqualTo("Not logged in to " + securedHost + "\n");
            assertThat(withConfig.run("push", "-q", securedHost + "/private/app:1").code()).isEqualTo(1);
        }
    }

    @Test
    void aRegistryWithAnUntrustedCertificateIsReachedOnlyWhenDeclaredInsecure(@TempDir Path dir) {
        try (RegistryServer secure = RegistryServer.builder(dir.resolve("registry"))
                .tls(TestPki.create(dir.resolve("pki"))).start()) {
            String target = secure.host() + "/tls/app:1";
            CliRunner.Result refused = cli.run("push", "-q", host + "/team/app:1", target);
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.err()).startsWith("lamina: error: TLS verification failed for " + secure.host());

            assertThat(cli.run("push", "-q", "--tls-verify=false", host + "/team/app:1", target).code()).isZero();
            CliRunner.Result listed = new CliRunner(root, work).env("HOME", work.toString())
                    .env("LAMINA_INSECURE_REGISTRIES", "other.example, " + secure.host())
                    .run("tags", secure.host() + "/tls/app");
            assertThat(listed.code()).as(listed.err()).isZero();
            assertThat(listed.out()).isEqualTo("1\n");
        }
    }
}
