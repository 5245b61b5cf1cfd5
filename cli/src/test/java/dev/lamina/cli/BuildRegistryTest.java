package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.Platform;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.testing.TestImages;
import dev.lamina.registry.testing.SharedRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** build with base images from a registry (pulled into the store) and --push, against the real registry. */
@Tag("peer")
class BuildRegistryTest {
    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry();

    @TempDir
    Path root;
    @TempDir
    Path seedRoot;
    @TempDir
    Path work;

    CliRunner cli;
    String host;

    @BeforeEach
    void serveABaseImage() throws IOException {
        host = registry.host();
        TestImages.Image base = TestImages.image(Platform.host(), TestImages.files("etc/os-release", "ID=test\n"));
        try (StoreDestination destination = new StoreDestination(Store.open(seedRoot))) {
            TestImages.write(base, destination);
            destination.tag(base.manifest(), host + "/library/base:1");
            destination.commit();
        }
        CliRunner seeder = new CliRunner(seedRoot, work).env("HOME", work.toString());
        assertThat(seeder.run("push", "-q", host + "/library/base:1").code()).isZero();
        cli = new CliRunner(root, work).env("HOME", work.toString());
        Files.writeString(work.resolve("app.txt"), "app\n");
    }

    @Test
    void aBaseImageIsPulledIntoTheStoreOnceAndTheResultPushed() throws IOException {
        Files.writeString(work.resolve("Dockerfile"), "FROM " + host + "/library/base:1\nCOPY app.txt /app/\n");

        CliRunner.Result built = cli.run("build", "-t", host + "/team/app:1", "--push", ".");

        assertThat(built.code()).as(built.err()).isZero();
        assertThat(built.err()).contains("[1/2] FROM " + host + "/library/base:1  DONE")
                .contains("exporting to docker://" + host + "/team/app:1 done");
        assertThat(cli.run("images", "--format", "json").out()).contains(host + "/library/base");
        CliRunner.Result inspected = cli.run("inspect", "docker://" + host + "/team/app:1");
        assertThat(inspected.code()).isZero();
        assertThat(inspected.out()).contains(built.out().trim());

        CliRunner.Result again = cli.run("build", "-t", host + "/team/app:1", ".");
        assertThat(again.err()).contains("[1/2] FROM " + host + "/library/base:1  CACHED")
                .contains("[2/2] COPY app.txt /app/  CACHED");
    }

    @Test
    void aBaseImageThatExistsNowhereIsOneLine() throws IOException {
        Files.writeString(work.resolve("Dockerfile"), "FROM " + host + "/library/nothing:1\nCOPY app.txt /\n");

        CliRunner.Result built = cli.run("build", "-t", "x:1", ".");

        assertThat(built.code()).isEqualTo(1);
        assertThat(built.err().lines().filter(l -> l.startsWith("lamina: error: "))).singleElement().asString()
                .startsWith("lamina: error: Dockerfile:1: FROM " + host + "/library/nothing:1: not in the store, and"
                        + " not pulled from its registry: ")
                .contains("MANIFEST_UNKNOWN");
        assertThat(cli.run("images", "-q").out()).isEmpty();
    }
}
