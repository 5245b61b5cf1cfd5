package dev.lamina.tarball.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.copy.ImageResolver;
import dev.lamina.image.copy.ImageSource;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
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
import dev.lamina.tarball.oci.OciLayoutSource;
import dev.lamina.tarball.testing.Images;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * skopeo reads every archive and layout lamina writes, and lamina reads what skopeo writes to docker-archive,
 * oci and oci-archive, with config and layer digests preserved.
 */
@Tag("peer")
class SkopeoInteropTest {
    @TempDir
    Path dir;

    private String skopeo;
    private Store store;
    private TestImages.Image image;

    @BeforeEach
    void setUp() {
        skopeo = Peers.require("skopeo").toString();
        store = Store.open(dir.resolve("store"));
        image = TestImages.image(Platform.host(), TestImages.files("etc/hello", "hello\n"),
                TestImages.files("usr/bin/tool", "#!/bin/sh\necho tool\n"));
        Images.seed(store, image, "example.com/team/app:1.0");
    }

    private Path laminaDockerArchive() throws IOException {
        Path archive = dir.resolve("lamina-docker.tar");
        try (DockerArchiveDestination d = DockerArchiveDestination.open(ArchiveOutput.toFile(archive), "d", dir)) {
            Images.copy(new StoreSource(store), Optional.of("example.com/team/app:1.0"), d, "example.com/team/app:1.0");
            d.commit();
        }
        return archive;
    }

    private Path laminaLayout() throws IOException {
        Path layout = dir.resolve("lamina-layout");
        try (OciLayoutDestination d = OciLayoutDestination.open(layout, "oci")) {
            Images.copy(new StoreSource(store), Optional.of("example.com/team/app:1.0"), d, "v1");
            d.commit();
        }
        return layout;
    }

    private String skopeo(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(skopeo, "--insecure-policy"));
        command.addAll(List.of(args));
        return Peers.run(command).requireSuccess(command).stdout();
    }

    @Test
    void skopeoReadsLaminasDockerArchiveWithTheConfigAsItIs() throws IOException {
        Path archive = laminaDockerArchive();
        assertThat(skopeo("inspect", "--config", "--raw", "docker-archive:" + archive).getBytes(StandardCharsets.UTF_8))
                .isEqualTo(image.configBytes());
        assertThat(skopeo("inspect", "docker-archive:" + archive + ":example.com/team/app:1.0"))
                .contains(image.diffIds().get(0).toString()).contains(image.diffIds().get(1).toString());
        skopeo("copy", "docker-archive:" + archive, "oci:" + dir.resolve("from-docker") + ":x");
    }

    @Test
    void skopeoReadsLaminasLayoutAndArchiveWithTheManifestDigestPreserved() throws IOException {
        Path layout = laminaLayout();
        assertThat(skopeo("inspect", "--format", "{{.Digest}}", "oci:" + layout + ":v1").trim())
                .isEqualTo(image.manifest().digest().toString());
        assertThat(skopeo("inspect", "--config", "--raw", "oci:" + layout + ":v1").getBytes(StandardCharsets.UTF_8))
                .isEqualTo(image.configBytes());
        Path archive = dir.resolve("lamina-oci.tar");
        try (OciArchiveDestination d = OciArchiveDestination.open(ArchiveOutput.toFile(archive), "oci-archive")) {
            Images.copy(new StoreSource(store), Optional.of("example.com/team/app:1.0"), d, "example.com/team/app:1.0");
            d.commit();
        }
        assertThat(skopeo("inspect", "--format", "{{.Digest}}", "oci-archive:" + archive + ":example.com/team/app:1.0")
                .trim()).isEqualTo(image.manifest().digest().toString());
        skopeo("copy", "oci-archive:" + archive + ":example.com/team/app:1.0", "docker-archive:" + dir.resolve("s.tar"));
    }

    @Test
    void laminaLoadsSkopeosDockerArchiveAndSavesItBackByteIdentical() throws IOException {
        Path layout = laminaLayout();
        Path skopeoArchive = dir.resolve("skopeo-docker.tar");
        skopeo("copy", "oci:" + layout + ":v1", "docker-archive:" + skopeoArchive + ":from/skopeo:1");

        Store loaded = Store.open(dir.resolve("loaded"));
        Descriptor manifest;
        try (ImageSource source = DockerArchiveSource.open(ImageArchives.open(skopeoArchive, TempSpool.create(dir), "s"));
                StoreDestination destination = new StoreDestination(loaded)) {
            assertThat(source.images()).singleElement().satisfies(i -> assertThat(i.names()).containsExactly("docker.io/from/skopeo:1"));
            manifest = Images.copy(source, Optional.empty(), destination, "from/skopeo:1").topLevel();
            destination.commit();
        }
        ImageResolver.ResolvedImage resolved = new ImageResolver(new StoreSource(loaded)).resolve(manifest, Platform.host());
        assertThat(resolved.configBytes()).isEqualTo(image.configBytes());
        assertThat(resolved.manifest().layers()).extracting(Descriptor::digest).containsExactlyElementsOf(image.diffIds());

        Path again = dir.resolve("lamina-again.tar");
        try (DockerArchiveDestination d = DockerArchiveDestination.open(ArchiveOutput.toFile(again), "d", dir)) {
            Images.copy(new StoreSource(loaded), Optional.of("from/skopeo:1"), d, "from/skopeo:1");
            d.commit();
        }
        for (Digest diffId : image.diffIds()) {
            assertThat(Digest.sha256(extract(skopeoArchive, diffId.hex() + ".tar")))
                    .isEqualTo(Digest.sha256(layerTarWithDiffId(again, diffId)));
        }
        assertThat(skopeo("inspect", "--config", "--raw", "docker-archive:" + again).getBytes(StandardCharsets.UTF_8))
                .isEqualTo(image.configBytes());
    }

    @Test
    void laminaReadsSkopeosLayoutAndOciArchiveWithTheSameDigests() throws IOException {
        Path layout = laminaLayout();
        Path skopeoLayout = dir.resolve("skopeo-layout");
        Path skopeoArchive = dir.resolve("skopeo-oci.tar");
        skopeo("copy", "oci:" + layout + ":v1", "oci:" + skopeoLayout + ":copied");
        skopeo("copy", "oci:" + layout + ":v1", "oci-archive:" + skopeoArchive + ":archived");
        try (ImageSource fromLayout = OciLayoutSource.open(skopeoLayout, "oci:skopeo");
                ImageSource fromArchive = OciLayoutSource.open(ImageArchives.open(skopeoArchive, TempSpool.create(dir),
                        "oci-archive:skopeo"))) {
            assertThat(fromLayout.resolve(Optional.of("copied")).digest()).isEqualTo(image.manifest().digest());
            assertThat(fromArchive.resolve(Optional.of("archived")).digest()).isEqualTo(image.manifest().digest());
            Store loaded = Store.open(dir.resolve("loaded"));
            try (StoreDestination destination = new StoreDestination(loaded)) {
                ImageCopier.CopyResult result = Images.copy(fromArchive, Optional.of("archived"), destination, "x:1");
                destination.commit();
                assertThat(result.topLevel().digest()).isEqualTo(image.manifest().digest());
            }
        }
    }

    private static byte[] extract(Path tar, String member) throws IOException {
        try (var reader = new dev.lamina.tarball.tar.TarReader(Files.newInputStream(tar))) {
            for (var e = reader.next(); e.isPresent(); e = reader.next()) {
                if (e.get().name().equals(member)) {
                    return reader.content().readAllBytes();
                }
            }
        }
        throw new AssertionError(member + " not in " + tar);
    }

    private static byte[] layerTarWithDiffId(Path tar, Digest diffId) throws IOException {
        try (var reader = new dev.lamina.tarball.tar.TarReader(Files.newInputStream(tar))) {
            for (var e = reader.next(); e.isPresent(); e = reader.next()) {
                if (e.get().name().endsWith("/layer.tar") && e.get().size() > 0) {
                    byte[] bytes = reader.content().readAllBytes();
                    if (Digest.sha256(bytes).equals(diffId)) {
                        return bytes;
                    }
                }
            }
        }
        throw new AssertionError("no layer.tar with " + diffId + " in " + tar);
    }
}
