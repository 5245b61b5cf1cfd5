package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.Platform;
import dev.lamina.image.json.Json;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** images, tag, rmi, inspect and prune on the store: output and exit codes. */
class StoreCommandsTest {
    @TempDir
    Path root;
    @TempDir
    Path work;

    private CliRunner cli;
    private TestImages.Image app;

    @BeforeEach
    void seed() throws IOException {
        cli = new CliRunner(root, work);
        app = AppImage.seed(root);
    }

    @Test
    void imagesListsRepositoryTagIdCreatedAndSize() {
        CliRunner.Result result = cli.run("images");
        assertThat(result.code()).isZero();
        assertThat(result.lines()).hasSize(2);
        assertThat(result.lines().get(0)).matches("REPOSITORY\\s+TAG\\s+IMAGE ID\\s+CREATED\\s+SIZE");
        // Docker's tabwriter: a column is its widest cell plus three, and at least ten wide
        assertThat(result.lines().get(1)).startsWith("localhost:5000/team/app   1.0       "
                + app.config().digest().hex().substring(0, 12) + "   ")
                .contains(" years ago").endsWith("B");
    }

    @Test
    void imagesAsJsonGivesFullIdsAndByteSizes() {
        JsonNode rows = Json.readTree(cli.run("images", "--format", "json").out().getBytes(StandardCharsets.UTF_8), "out");
        assertThat(rows).hasSize(1);
        JsonNode row = rows.get(0);
        assertThat(row.path("Repository").asText()).isEqualTo("localhost:5000/team/app");
        assertThat(row.path("Tag").asText()).isEqualTo("1.0");
        assertThat(row.path("ID").asText()).isEqualTo(app.config().digest().toString());
        assertThat(row.path("Digest").asText()).isEqualTo(app.manifest().digest().toString());
        assertThat(row.path("Created").asText()).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(row.path("Size").asLong()).isEqualTo(app.config().size() + app.layers().get(0).size()
                + app.layers().get(1).size());
    }

    @Test
    void anEmptyStoreListsAsAnEmptyJsonArray(@TempDir Path empty) {
        assertThat(new CliRunner(empty, work).run("images", "--format", "json").out().trim()).isEqualTo("[]");
    }

    @Test
    void tagAddsANameAndImagesQuietListsTheIdOnce() {
        assertThat(cli.run("tag", "localhost:5000/team/app:1.0", "app:latest").code()).isZero();
        assertThat(cli.run("images").lines()).hasSize(3);
        assertThat(cli.run("images", "-q").lines()).containsExactly(app.config().digest().hex().substring(0, 12));
        assertThat(cli.run("images", "app").lines()).hasSize(2);
    }

    @Test
    void tagByImageIdPrefixWorks() {
        String id = app.config().digest().hex().substring(0, 8);
        assertThat(cli.run("tag", id, "byid:1").code()).isZero();
        assertThat(cli.run("images", "byid").lines()).hasSize(2);
    }

    @Test
    void tagOfAMissingImageFailsWithOneLine() {
        CliRunner.Result result = cli.run("tag", "nope:1", "x:2");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("lamina: error: no such image in the store: nope:1\n");
    }

    @Test
    void tagWithAnInvalidTargetFailsNamingIt() {
        CliRunner.Result result = cli.run("tag", "localhost:5000/team/app:1.0", "Bad/Name");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("lamina: error: invalid reference format").contains("Bad/Name");
    }

    @Test
    void rmiUntagsAndFreesTheBlobsOfAnImageNoLongerNamed() throws IOException {
        cli.run("tag", "localhost:5000/team/app:1.0", "other:1");
        CliRunner.Result first = cli.run("rmi", "other:1");
        assertThat(first.code()).isZero();
        assertThat(first.out()).isEqualTo("Untagged: other:1\n");
        assertThat(blobCount()).isEqualTo(4);

        CliRunner.Result second = cli.run("rmi", "localhost:5000/team/app:1.0");
        assertThat(second.code()).isZero();
        assertThat(second.lines()).first().isEqualTo("Untagged: localhost:5000/team/app:1.0");
        assertThat(second.lines()).filteredOn(l -> l.startsWith("Deleted: ")).hasSize(4);
        assertThat(blobCount()).isZero();
    }

    @Test
    void rmiByIdOfAnImageWithSeveralNamesNeedsForce() {
        cli.run("tag", "localhost:5000/team/app:1.0", "other:1");
        String id = app.config().digest().hex().substring(0, 12);
        CliRunner.Result refused = cli.run("rmi", id);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("must be forced");
        CliRunner.Result forced = cli.run("rmi", "-f", id);
        assertThat(forced.code()).isZero();
        assertThat(cli.run("images", "-q").out()).isEmpty();
    }

    @Test
    void rmiOfAMissingImageExits1ButRemovesTheOthers() {
        CliRunner.Result result = cli.run("rmi", "missing:1", "localhost:5000/team/app:1.0");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("lamina: error: no such image: missing:1\n");
        assertThat(cli.run("images", "-q").out()).isEmpty();
    }

    @Test
    void inspectShowsDigestsManifestAndConfig() {
        CliRunner.Result result = cli.run("inspect", "localhost:5000/team/app:1.0");
        assertThat(result.code()).isZero();
        JsonNode image = Json.readTree(result.out().getBytes(StandardCharsets.UTF_8), "out").get(0);
        assertThat(image.path("Id").asText()).isEqualTo(app.config().digest().toString());
        assertThat(image.path("Digest").asText()).isEqualTo(app.manifest().digest().toString());
        assertThat(image.path("RepoTags").get(0).asText()).isEqualTo("localhost:5000/team/app:1.0");
        assertThat(image.path("Layers")).hasSize(2);
        assertThat(image.path("Manifest").path("config").path("digest").asText())
                .isEqualTo(app.config().digest().toString());
        assertThat(image.path("Config").path("rootfs").path("diff_ids")).hasSize(2);
        assertThat(image.path("Os").asText()).isEqualTo("linux");
    }

    @Test
    void inspectOfAMissingImageExits1() {
        CliRunner.Result result = cli.run("inspect", "nope");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("lamina: error: no such image in the store: nope\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void pruneKeepsNamedImagesAndRemovesTheRest() throws IOException {
        TestImages.Image loose = TestImages.image(Platform.host(), TestImages.files("loose", "1"));
        try (StoreDestination destination = new StoreDestination(Store.open(root))) {
            TestImages.write(loose, destination);
        }
        assertThat(blobCount()).isEqualTo(4 + 3);
        CliRunner.Result result = cli.run("prune");
        assertThat(result.code()).isZero();
        assertThat(result.lines()).filteredOn(l -> l.startsWith("Deleted: ")).hasSize(3);
        assertThat(result.lines()).last().asString().startsWith("Total reclaimed space: ");
        assertThat(blobCount()).isEqualTo(4);
    }

    @Test
    void runningAnImageNotInTheStoreSaysSoAndExits1() {
        CliRunner.Result result = cli.run("run", "busybox", "true");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("lamina: error: no such image in the store: busybox\n");
    }

    @Test
    void usageErrorsExit2WithAHint() {
        CliRunner.Result result = cli.run("images", "--format", "yaml");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).startsWith("lamina: error: ").contains("See 'lamina images --help'.");
        assertThat(cli.run("tag", "only-one").code()).isEqualTo(2);
        assertThat(cli.run("no-such-command").code()).isEqualTo(2);
    }

    @Test
    void everyCommandAnswersHelp() {
        for (String command : new String[] {"images", "tag", "rmi", "prune", "inspect", "build", "pull", "save"}) {
            CliRunner.Result result = cli.run(command, "--help");
            assertThat(result.code()).as(command).isZero();
            assertThat(result.out()).as(command).startsWith("Usage: lamina " + command);
        }
    }

    @Test
    void stackTracesOnlyWithDebug() throws IOException {
        Files.writeString(root.resolve("index.json"), "{broken");
        CliRunner.Result plain = cli.run("images");
        assertThat(plain.code()).isEqualTo(1);
        assertThat(plain.err().lines()).hasSize(1);
        assertThat(plain.err()).startsWith("lamina: error: ").contains("index.json");
        CliRunner.Result debug = cli.run("--debug", "images");
        assertThat(debug.err()).contains("\tat dev.lamina.");
    }

    private long blobCount() throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve("blobs"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
