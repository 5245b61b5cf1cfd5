package dev.lamina.tarball.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreSource;
import dev.lamina.image.testing.Peers;
import dev.lamina.image.testing.TestImages;
import dev.lamina.tarball.archive.ArchiveOutput;
import dev.lamina.tarball.archive.ImageArchives;
import dev.lamina.tarball.archive.TempSpool;
import dev.lamina.tarball.docker.DockerArchiveDestination;
import dev.lamina.tarball.docker.DockerArchiveSource;
import dev.lamina.tarball.oci.OciArchiveDestination;
import dev.lamina.tarball.oci.OciLayoutDestination;
import dev.lamina.tarball.testing.Images;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code oci-image-tool validate --type image --ref name=TAG} passes on every OCI layout lamina writes: layouts
 * from the store, from a Docker schema 2 image (rewritten with OCI types), from a docker-archive, with several
 * images, and every oci-archive once extracted.
 */
@Tag("peer")
class OciImageToolValidationTest {
    @TempDir
    Path dir;

    private String tool;
    private Store store;

    @BeforeEach
    void setUp() {
        tool = Peers.require("oci-image-tool").toString();
        store = Store.open(dir.resolve("store"));
    }

    private void validate(Path layout, String ref) {
        Peers.Result result = Peers.check(tool, "validate", "--type", "image", "--ref", "name=" + ref, layout.toString());
        assertThat(result.stdout() + result.stderr()).contains("Validation succeeded");
    }

    private Path layout(String name, String... tags) throws IOException {
        Path layout = dir.resolve("layout-" + System.nanoTime());
        try (OciLayoutDestination d = OciLayoutDestination.open(layout, "oci")) {
            Images.copy(new StoreSource(store), Optional.of(name), d, tags);
            d.commit();
        }
        return layout;
    }

    @Test
    void aLayoutFromTheStoreValidates() throws IOException {
        Images.seed(store, Images.small("app"), "app:1");
        validate(layout("app:1", "v1"), "v1");
    }

    @Test
    void aDockerSchema2ImageRewrittenWithOciTypesValidates() throws IOException {
        Images.seedDockerTyped(store, Images.small("docker"), "docker:1");
        validate(layout("docker:1", "docker"), "docker");
    }

    @Test
    void anImageLoadedFromADockerArchiveValidatesAsALayout() throws IOException {
        Images.seed(store, Images.small("archived"), "archived:1");
        Path archive = dir.resolve("d.tar");
        try (DockerArchiveDestination d = DockerArchiveDestination.open(ArchiveOutput.toFile(archive), "d", dir)) {
            Images.copy(new StoreSource(store), Optional.of("archived:1"), d, "archived:1");
            d.commit();
        }
        Path layout = dir.resolve("from-archive");
        try (var source = DockerArchiveSource.open(ImageArchives.open(archive, TempSpool.create(dir), "d"));
                OciLayoutDestination d = OciLayoutDestination.open(layout, "oci")) {
            Images.copy(source, Optional.empty(), d, "loaded");
            d.commit();
        }
        validate(layout, "loaded");
    }

    @Test
    void aLayoutWithSeveralImagesValidatesEachByName() throws IOException {
        Images.seed(store, Images.small("one"), "one:1");
        Images.seed(store, Images.small("two"), "two:1");
        Path layout = layout("one:1", "docker.io/library/one:1");
        try (OciLayoutDestination d = OciLayoutDestination.open(layout, "oci")) {
            Images.copy(new StoreSource(store), Optional.of("two:1"), d, "two");
            d.commit();
        }
        validate(layout, "docker.io/library/one:1");
        validate(layout, "two");
    }

    @Test
    void anOciArchiveValidatesOnceExtracted() throws IOException, InterruptedException {
        Images.seed(store, Images.small("arch"), "arch:1");
        Path archive = dir.resolve("a.tar");
        try (OciArchiveDestination d = OciArchiveDestination.open(ArchiveOutput.toFile(archive), "oci-archive")) {
            Images.copy(new StoreSource(store), Optional.of("arch:1"), d, "docker.io/library/arch:1");
            d.commit();
        }
        Path extracted = Files.createDirectories(dir.resolve("extracted"));
        Peers.check("tar", "-xf", archive.toString(), "-C", extracted.toString());
        validate(extracted, "docker.io/library/arch:1");
    }

    @Test
    void theValidatorIsAWitnessThatNoticesADamagedLayer() throws IOException {
        TestImages.Image image = Images.small("dmg");
        Images.seed(store, image, "dmg:1");
        Path layout = layout("dmg:1", "v");
        Files.write(layout.resolve("blobs/sha256/" + image.layers().get(0).digest().hex()), new byte[] {1});
        assertThat(Peers.run(List.of(tool, "validate", "--type", "image", "--ref", "name=v", layout.toString()))
                .exitCode()).isNotZero();
    }

}
