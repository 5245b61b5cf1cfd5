package dev.lamina.tarball.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.CopyOptions;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.copy.ImageResolver;
import dev.lamina.image.copy.ImageSource;
import dev.lamina.image.json.ImageIndex;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.store.StoreSource;
import dev.lamina.image.testing.Conformance;
import dev.lamina.tarball.ArchiveSources;
import dev.lamina.tarball.apply.ApplyOptions;
import dev.lamina.tarball.apply.ImageUnpacker;
import dev.lamina.tarball.archive.ArchiveOutput;
import dev.lamina.tarball.archive.ImageArchives;
import dev.lamina.tarball.archive.TempSpool;
import dev.lamina.tarball.docker.DockerArchiveDestination;
import dev.lamina.tarball.docker.DockerArchiveSource;
import dev.lamina.tarball.oci.LayoutNames;
import dev.lamina.tarball.oci.OciArchiveDestination;
import dev.lamina.tarball.oci.OciLayoutSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every archive and layout of the shared corpus ({@code conformance/images}, read in place): it loads into a
 * store (every digest verified), lists the tags the corpus says it has, and saves back to a docker-archive and
 * an oci-archive that read again with the same configs; or it is refused with the clear error the corpus
 * expects where it is broken on purpose. A fixture this table does not know fails the test.
 */
class ConformanceArchivesTest {
    private static final String GGCR = "go-containerregistry/pkg/";
    private static final String CI = "containers-image/";

    /**
     * What a fixture should do: load with these names (in order, per image), or be refused with this text.
     * {@code placeholderLayers}: its layers are text, not tars (containers/image's fixtures), so it copies
     * verbatim but cannot become a docker-archive, whose layers must be the tars the config's diff_ids name.
     */
    private record Expected(List<List<String>> names, String refusal, boolean placeholderLayers) {
        static Expected loads(List<List<String>> names) {
            return new Expected(names, null, false);
        }

        static Expected loadsWithPlaceholderLayers(List<List<String>> names) {
            return new Expected(names, null, true);
        }

        static Expected refused(String message) {
            return new Expected(null, message, false);
        }
    }

    private static final Map<String, Expected> CORPUS = new LinkedHashMap<>();

    static {
        String tarball = GGCR + "v1/tarball/testdata/";
        CORPUS.put(tarball + "test_image_1.tar", Expected.loads(List.of(List.of("bazel/v1/tarball:test_image_1"))));
        CORPUS.put(tarball + "test_image_2.tar", Expected.loads(List.of(List.of("bazel/v1/tarball:test_image_2"))));
        CORPUS.put(tarball + "test_load_manifest.tar", Expected.loads(List.of(List.of("bazel/v1/tarball:test_image_1"))));
        CORPUS.put(tarball + "test_bundle.tar", Expected.loads(List.of(List.of("test_image_2"), List.of("test_image_1"))));
        CORPUS.put(tarball + "test_link.tar", Expected.loads(List.of(List.of("bazel/v1/tarball:test_image_1"),
                List.of("bazel/v1/tarball:test_image_3"))));
        CORPUS.put(tarball + "hello-world-v25.tar", Expected.loads(List.of(List.of())));
        CORPUS.put(tarball + "null_manifest.tar", Expected.refused("manifest.json"));
        CORPUS.put(tarball + "no_manifest.tar", Expected.refused("no manifest.json, only a legacy repositories file"));
        CORPUS.put(tarball + "content.tar", Expected.refused("not an image archive"));
        CORPUS.put(GGCR + "crane/testdata/content.tar.zst", Expected.refused("not an image archive"));
        String mutate = GGCR + "v1/mutate/testdata/";
        CORPUS.put(mutate + "source_image.tar", Expected.loads(List.of(List.of("bazel/pkg/v1/mutate:source_image"))));
        CORPUS.put(mutate + "source_image_with_empty_layer_history.tar",
                Expected.loads(List.of(List.of("bazel/pkg/v1/mutate:source_image"))));
        CORPUS.put(mutate + "whiteout_image.tar", Expected.loads(List.of(List.of("bazel/pkg/v1/mutate:whiteout_image"))));
        CORPUS.put(mutate + "whiteout_dir.tar", Expected.loads(List.of(List.of("localhost:5000/whiteout:latest"))));
        CORPUS.put(mutate + "overwritten_file.tar",
                Expected.loads(List.of(List.of("bazel/pkg/v1/mutate:overwritten_file"))));
        String layout = GGCR + "v1/layout/testdata/";
        CORPUS.put(layout + "test_index", Expected.loads(List.of(List.of("1"), List.of("2"), List.of("3"), List.of("4"))));
        CORPUS.put(layout + "test_index_one_image", Expected.loads(List.of(List.of())));
        CORPUS.put(layout + "test_index_media_type", Expected.loads(List.of(List.of())));
        CORPUS.put(layout + "test_gc_index", Expected.loads(List.of(List.of("1"), List.of("3"), List.of("4"))));
        CORPUS.put(layout + "test_gc_image_unknown_mediatype", Expected.refused("is missing"));
        CORPUS.put(CI + "docker/archive/fixtures/almostempty.tar", Expected.loads(List.of(List.of("emptyimage:latest"))));
        String oci = CI + "oci/layout/fixtures/";
        // 1.0.0's manifest gives its (shared) config a size one byte too large: that image is refused
        CORPUS.put(oci + "delete_image_multiple_images", Expected.loadsWithPlaceholderLayers(List.of(List.of("latest", "3.18.3"),
                List.of("3", "3.18"), List.of("3.17.5"), List.of("3.16.7"), List.of("!size mismatch"))));
        // its manifest gives the config 585 bytes; the config has 740
        CORPUS.put(oci + "delete_image_only_one_image", Expected.refused("size mismatch"));
        CORPUS.put(oci + "delete_image_shared_blobs_dir", Expected.refused("is missing"));
        CORPUS.put(oci + "delete_image_two_identical_references",
                Expected.loadsWithPlaceholderLayers(List.of(List.of("1.0.0"), List.of("1.0.0"))));
        CORPUS.put(oci + "manifest", Expected.refused("is missing"));
        CORPUS.put(oci + "two_images_manifest", Expected.refused("is missing"));
        CORPUS.put(oci + "name_lookups", Expected.refused("is missing"));
    }

    @TempDir
    Path dir;

    @Test
    void everyArchiveAndLayoutLoadsListsItsTagsAndSavesBackOrIsRefusedClearly() throws IOException {
        Path corpus = Conformance.require("images");
        List<String> found = fixtures(corpus);
        assertThat(found).as("fixtures in the corpus").containsExactlyInAnyOrderElementsOf(CORPUS.keySet());
        int loaded = 0;
        for (String fixture : found) {
            Expected expected = CORPUS.get(fixture);
            Path path = corpus.resolve(fixture);
            if (expected.refusal() != null) {
                assertThatThrownBy(() -> loadAll(path, fixture)).as(fixture)
                        .hasMessageContaining(expected.refusal()).satisfies(e ->
                                assertThat(e.getMessage()).doesNotContain("\n"));
                continue;
            }
            Loaded result = loadAll(path, fixture);
            assertThat(result.names()).as(fixture).hasSameSizeAs(expected.names());
            for (int i = 0; i < expected.names().size(); i++) {
                List<String> want = expected.names().get(i);
                if (!want.isEmpty() && want.get(0).startsWith("!")) {
                    assertThat(result.names().get(i).get(0)).as(fixture + " image " + i)
                            .startsWith("!").contains(want.get(0).substring(1));
                } else {
                    assertThat(result.names().get(i)).as(fixture + " image " + i).isEqualTo(want);
                }
            }
            for (Descriptor image : result.images()) {
                saveBack(result.store(), image, fixture, expected.placeholderLayers());
            }
            loaded++;
        }
        assertThat(loaded).isEqualTo(18);
    }

    private record Loaded(Store store, List<Descriptor> images, List<List<String>> names) {
    }

    /** Loads every image of the fixture into a fresh store, by descriptor, naming it as the fixture does. */
    private Loaded loadAll(Path path, String fixture) throws IOException {
        Store store = Store.open(Files.createTempDirectory(dir, "store"));
        List<Descriptor> images = new ArrayList<>();
        List<List<String>> names = new ArrayList<>();
        try (ImageSource source = open(path, fixture); StoreDestination destination = new StoreDestination(store)) {
            Exception firstFailure = null;
            for (ImageSource.NamedImage image : source.images()) {
                List<String> tags = image.names().stream().flatMap(n -> LayoutNames.asReference(n).stream())
                        .map(ImageReference::toString).toList();
                try {
                    images.add(ImageCopier.copy(source, image.descriptor(), destination,
                            CopyOptions.defaults().withTags(tags)).topLevel());
                    names.add(image.names());
                } catch (IOException | RuntimeException e) {
                    firstFailure = firstFailure == null ? e : firstFailure;
                    names.add(List.of("!" + e.getMessage())); // a broken image, perhaps among good ones
                }
            }
            if (images.isEmpty() && firstFailure instanceof IOException io) {
                throw io;
            }
            if (images.isEmpty() && firstFailure instanceof RuntimeException runtime) {
                throw runtime;
            }
            destination.commit();
        }
        return new Loaded(store, images, names);
    }

    private ImageSource open(Path path, String fixture) throws IOException {
        if (Files.isDirectory(path)) {
            return OciLayoutSource.open(path, "oci:" + fixture);
        }
        return ArchiveSources.detect(ImageArchives.open(path, TempSpool.create(dir), fixture));
    }

    /** Saves a loaded image to both archive formats and reads each back: same config, same layer content. */
    private void saveBack(Store store, Descriptor image, String fixture, boolean placeholderLayers)
            throws IOException {
        StoreSource source = new StoreSource(store);
        Platform platform = platformOf(source, image);
        ImageResolver.ResolvedImage resolved = new ImageResolver(source).resolve(image, platform);
        CopyOptions options = CopyOptions.defaults().withPlatform(Optional.of(platform));
        Path oci = dir.resolve("saved-" + System.nanoTime() + ".oci.tar");
        try (OciArchiveDestination destination = OciArchiveDestination.open(ArchiveOutput.toFile(oci), "oci-archive")) {
            ImageCopier.copy(source, image, destination, options.withTags(List.of("saved")));
            destination.commit();
        }
        try (ImageSource back = OciLayoutSource.open(ImageArchives.open(oci, TempSpool.create(dir), "oci"))) {
            assertThat(new ImageResolver(back).resolve(back.resolve(Optional.of("saved")), platform).configBytes())
                    .as(fixture).isEqualTo(resolved.configBytes());
        }
        if (!resolved.manifest().config().mediaType().isConfig()) {
            assertThatThrownBy(() -> saveDocker(source, image, options)).as(fixture)
                    .hasMessageContaining("holds container images only");
            return;
        }
        if (placeholderLayers) {
            assertThatThrownBy(() -> saveDocker(source, image, options)).as(fixture)
                    .hasMessageContaining("but the config's diff_id is");
            return;
        }
        Path docker = saveDocker(source, image, options);
        try (ImageSource back = DockerArchiveSource.open(ImageArchives.open(docker, TempSpool.create(dir), "docker"))) {
            ImageResolver.ResolvedImage again = new ImageResolver(back).resolve(back.resolve(Optional.empty()), platform);
            assertThat(again.configBytes()).as(fixture).isEqualTo(resolved.configBytes());
            assertThat(again.manifest().layers()).extracting(Descriptor::digest).as(fixture)
                    .containsExactlyElementsOf(again.config().diffIds());
        }
    }

    private Path saveDocker(StoreSource source, Descriptor image, CopyOptions options) throws IOException {
        Path docker = dir.resolve("saved-" + System.nanoTime() + ".docker.tar");
        try (DockerArchiveDestination destination = DockerArchiveDestination.open(ArchiveOutput.toFile(docker),
                "docker-archive", dir)) {
            ImageCopier.copy(source, image, destination, options.withTags(List.of("saved:1")));
            destination.commit();
        }
        return docker;
    }

    /** The host's platform when an index offers it, else its first. */
    private static Platform platformOf(ImageSource source, Descriptor image) throws IOException {
        if (!image.mediaType().isIndex()) {
            return Platform.host();
        }
        List<Descriptor> children = ImageIndex.parse(source.readManifest(image), "index").manifests();
        return Platform.host().best(children, Descriptor::platform).flatMap(Descriptor::platform)
                .orElseGet(() -> children.get(0).platform().orElse(Platform.host()));
    }

    @Test
    void dockerTwentyFivesOwnManifestIsFoundAndKept() throws IOException {
        Path corpus = Conformance.require("images");
        try (ImageSource source = open(corpus.resolve(GGCR + "v1/tarball/testdata/hello-world-v25.tar"), "v25")) {
            assertThat(source.resolve(Optional.empty()).digest()).isEqualTo(
                    Digest.parse("sha256:411caf340c828657e915a83ed561a79d2b8150dabad4dc079d881cbfe6f86afe"));
        }
    }

    @Test
    void configsAreFoundByContentNotByFileName() throws IOException {
        Path corpus = Conformance.require("images");
        try (ImageSource source = open(corpus.resolve(GGCR + "v1/mutate/testdata/source_image_with_empty_layer_history.tar"),
                "f")) {
            ImageResolver.ResolvedImage image = new ImageResolver(source).resolve(source.resolve(Optional.empty()),
                    Platform.host());
            assertThat(image.manifest().config().digest()).isEqualTo(Digest.parse(
                    "sha256:05b5ec1290589606ce19fabb1fb331f004acd9f618b9b4e813721be1a03a0712"));
        }
    }

    @Test
    void aMultiImageArchiveNeedsANameThatMatchesAfterNormalisation() throws IOException {
        Path corpus = Conformance.require("images");
        try (ImageSource source = open(corpus.resolve(GGCR + "v1/tarball/testdata/test_bundle.tar"), "bundle")) {
            assertThatThrownBy(() -> source.resolve(Optional.empty())).hasMessageContaining("holds 2 images");
            Descriptor one = source.resolve(Optional.of("test_image_1"));
            for (String name : List.of("test_image_1:latest", "index.docker.io/library/test_image_1:latest")) {
                assertThat(source.resolve(Optional.of(name))).isEqualTo(one);
            }
        }
    }

    @Test
    void whiteoutsAndReplacementsOfTheMutateFixturesApply() throws IOException {
        Path corpus = Conformance.require("images");
        Path mutate = corpus.resolve(GGCR + "v1/mutate/testdata/");
        assertThat(unpack(mutate.resolve("whiteout_image.tar")).resolve("foo.txt")).doesNotExist();
        Path whiteoutDir = unpack(mutate.resolve("whiteout_dir.tar"));
        assertThat(whiteoutDir.resolve("a/foo")).doesNotExist();
        assertThat(whiteoutDir.resolve("a/baz")).exists();
        assertThat(whiteoutDir.resolve("b/bar")).exists();
        assertThat(unpack(mutate.resolve("overwritten_file.tar")).resolve("foo.txt")).isSymbolicLink();
    }

    private Path unpack(Path archive) throws IOException {
        Path root = Files.createTempDirectory(dir, "rootfs");
        try (ImageSource source = open(archive, archive.getFileName().toString())) {
            new ImageUnpacker(ApplyOptions.defaults(w -> { })).unpack(source, source.resolve(Optional.empty()),
                    Platform.host(), root, (i, n, l) -> { });
        }
        return root;
    }

    /** Archives (.tar, .tar.zst) and layout directories (holding index.json), relative to the corpus. */
    private static List<String> fixtures(Path corpus) throws IOException {
        try (Stream<Path> walk = Files.walk(corpus)) {
            return walk.filter(p -> {
                String name = p.getFileName().toString();
                return (Files.isRegularFile(p) && (name.endsWith(".tar") || name.endsWith(".tar.zst"))
                        && !p.toString().contains("/blobs/"))
                        || (Files.isDirectory(p) && Files.exists(p.resolve("index.json")));
            }).map(p -> corpus.relativize(p).toString()).sorted().toList();
        }
    }
}
