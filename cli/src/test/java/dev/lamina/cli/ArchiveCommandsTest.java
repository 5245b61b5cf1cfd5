package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.json.Json;
import dev.lamina.image.store.Catalog;
import dev.lamina.image.store.Store;
import dev.lamina.image.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** save, load, copy and unpack between the store, docker-archive, oci and oci-archive: output and exit codes. */
class ArchiveCommandsTest {
    @TempDir
    Path root;
    @TempDir
    Path other;
    @TempDir
    Path work;

    private CliRunner cli;
    private CliRunner elsewhere;
    private TestImages.Image app;

    @BeforeEach
    void seed() throws IOException {
        cli = new CliRunner(root, work);
        elsewhere = new CliRunner(other, work);
        app = AppImage.seed(root);
    }

    @Test
    void saveThenLoadMovesTheImageWithItsName() {
        CliRunner.Result saved = cli.run("save", "-o", "app.tar", "localhost:5000/team/app:1.0");
        assertThat(saved.code()).as(saved.err()).isZero();
        assertThat(saved.out()).isEmpty();
        assertThat(saved.err()).contains(": Copied").contains(": Manifest written");
        assertThat(work.resolve("app.tar")).isRegularFile();

        CliRunner.Result loaded = elsewhere.run("load", "-i", "app.tar");
        assertThat(loaded.code()).as(loaded.err()).isZero();
        assertThat(loaded.out()).isEqualTo("Loaded image: localhost:5000/team/app:1.0\n");
        JsonNode images = Json.readTree(elsewhere.run("images", "--format", "json").out().getBytes(StandardCharsets.UTF_8), "x");
        assertThat(images.get(0).path("ID").asText()).isEqualTo(app.config().digest().toString());
    }

    @Test
    void saveToStdoutPipesIntoLoadFromStdin() {
        CliRunner.Result saved = cli.run("save", "-q", "localhost:5000/team/app:1.0");
        assertThat(saved.code()).as(saved.err()).isZero();
        assertThat(saved.err()).isEmpty();
        CliRunner.Result loaded = elsewhere.run(new ByteArrayInputStream(saved.rawOut()), "load", "-q");
        assertThat(loaded.code()).as(loaded.err()).isZero();
        assertThat(loaded.out()).isEqualTo("Loaded image: localhost:5000/team/app:1.0\n");
    }

    @Test
    void anOciArchiveSavedAndLoadedKeepsTheManifestDigest() {
        assertThat(cli.run("save", "--format", "oci", "-o", "app-oci.tar", "localhost:5000/team/app:1.0").code()).isZero();
        CliRunner.Result loaded = elsewhere.run("load", "-i", "app-oci.tar");
        assertThat(loaded.out()).isEqualTo("Loaded image: localhost:5000/team/app:1.0\n");
        assertThat(new Catalog(Store.open(other)).find("localhost:5000/team/app:1.0"))
                .map(e -> e.descriptor().digest()).contains(app.manifest().digest());
    }

    @Test
    void anUntaggedImageLoadsByItsId() {
        assertThat(cli.run("copy", "localhost:5000/team/app:1.0", "oci-archive:anon.tar").code()).isZero();
        CliRunner.Result loaded = elsewhere.run("load", "-i", "anon.tar");
        assertThat(loaded.out()).isEqualTo("Loaded image ID: " + app.config().digest() + "\n");
        assertThat(elsewhere.run("images").lines().get(1)).startsWith("<none>");
    }

    @Test
    void copyGoesBetweenEveryTransport() {
        assertThat(cli.run("copy", "-q", "localhost:5000/team/app:1.0", "oci:layout:v1").code()).isZero();
        assertThat(cli.run("copy", "-q", "oci:layout:v1", "oci-archive:a.tar:v1").code()).isZero();
        assertThat(cli.run("copy", "-q", "oci-archive:a.tar:v1", "docker-archive:d.tar:copied:2").code()).isZero();
        CliRunner.Result result = elsewhere.run("copy", "docker-archive:d.tar", "store:final:3");
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode images = Json.readTree(elsewhere.run("images", "--format", "json").out().getBytes(StandardCharsets.UTF_8), "x");
        assertThat(images.get(0).path("Repository").asText()).isEqualTo("final");
        assertThat(images.get(0).path("ID").asText()).isEqualTo(app.config().digest().toString());
    }

    @Test
    void unpackMaterialisesTheRootFilesystem() throws IOException {
        CliRunner.Result result = cli.run("unpack", "localhost:5000/team/app:1.0", "rootfs");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.err()).contains("Applying layer 1/2").contains("Applying layer 2/2");
        assertThat(work.resolve("rootfs/etc/app.conf")).hasContent("x=1");
        assertThat(Files.readString(work.resolve("rootfs/usr/bin/app"))).isEqualTo("#!/bin/sh\necho hi\n");
    }

    @Test
    void unpackRefusesADirectoryThatIsNotEmpty() throws IOException {
        Files.createDirectories(work.resolve("full"));
        Files.writeString(work.resolve("full/x"), "x");
        CliRunner.Result result = cli.run("unpack", "localhost:5000/team/app:1.0", "full");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("lamina: error: full is not empty: unpack into an empty or absent directory\n");
    }

    @Test
    void loadingSomethingThatIsNotAnArchiveFailsWithOneLine() throws IOException {
        Files.writeString(work.resolve("junk.tar"), "definitely not a tar file, not even close to one".repeat(20));
        CliRunner.Result result = elsewhere.run("load", "-i", "junk.tar");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("lamina: error: junk.tar: ").contains("bad header checksum")
                .endsWith("\n").doesNotContain("\tat ");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void savingAMissingImageFailsNamingIt() {
        CliRunner.Result result = cli.run("save", "-o", "x.tar", "nope:1");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("lamina: error: no such image in the store: nope:1\n");
        assertThat(work.resolve("x.tar")).doesNotExist();
    }

    @Test
    void eachCommandExplainsItselfWithHelp() {
        for (String command : new String[] {"save", "load", "copy", "unpack"}) {
            CliRunner.Result result = cli.run(command, "--help");
            assertThat(result.code()).as(command).isZero();
            assertThat(result.out()).as(command).startsWith("Usage: lamina " + command);
        }
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        CliRunner.Result result = cli.run("save", "--format", "zip", "-o", "x.zip", "localhost:5000/team/app:1.0");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("unsupported --format \"zip\"");
    }
}
