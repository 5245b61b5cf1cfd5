package dev.lamina.builder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.builder.testing.BuildahBud;
import dev.lamina.builder.testing.LayerEntries;
import dev.lamina.builder.runstep.RunSteps;
import dev.lamina.builder.testing.BuildFixture;
import dev.lamina.builder.testing.BusyboxImage;
import dev.lamina.builder.testing.RunFixtures;
import dev.lamina.image.Descriptor;
import dev.lamina.image.ImageReference;
import dev.lamina.image.copy.CopyOptions;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.json.Json;
import dev.lamina.image.store.Catalog;
import dev.lamina.image.store.StoreSource;
import dev.lamina.image.testing.ProjectRoot;
import dev.lamina.registry.RegistryClient;
import dev.lamina.registry.RegistryDestination;
import dev.lamina.registry.RegistryOptions;
import dev.lamina.registry.testing.SharedRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The RUN Dockerfiles of {@code testdata/run-builds} built by lamina and by {@code buildah bud --layers --isolation
 * chroot} (overlay and vfs storage; the busybox base served by a registry on loopback): every RUN layer lists the
 * same entries (path, type, mode, owner, link target, size), modulo what buildah 1.28 is known to do differently,
 * normalised here with the reason:
 * <ul>
 * <li>buildah leaves the mount-point stubs of its RUN ({@code /dev}, {@code /proc}, {@code /sys}, and
 * {@code /etc/hosts}, {@code /etc/hostname}, {@code /etc/resolv.conf}, {@code /run/.containerenv} where the image
 * lacks them) in the first RUN layer: they are dropped from buildah's layers (lamina never captures its runner's
 * stubs);</li>
 * <li>with vfs, buildah writes a directory removed and recreated as a whiteout per old child, where lamina (and
 * buildah with overlay, and Docker's overlay2) writes one opaque marker: lamina's marker is compared as those
 * whiteouts;</li>
 * <li>with overlay, buildah marks a directory made where a file was as opaque too (overlayfs does; there was no
 * directory below to hide, so the marker changes nothing): such markers are dropped;</li>
 * <li>with overlay, {@code ln OLD NEW} on a file of a lower layer makes buildah write OLD again (overlayfs copied it
 * up to link it) and NEW as a link to it; lamina, as BuildKit's differ, skips OLD (its content and metadata are
 * unchanged) and writes NEW as the file: the pair is compared as lamina writes it;</li>
 * <li>buildah writes a hardlink's second name as the file itself: hardlinks are compared as the files.</li>
 * </ul>
 * Root (lamina's RUN) and peer (buildah).
 */
@Tag("peer")
@Tag("root")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildahRunDifferentialTest {
    private static final Set<String> BUILDAH_STUBS = Set.of("etc/hosts", "etc/hostname", "etc/resolv.conf",
            "run/.containerenv");
    private static final Set<String> BUILDAH_STUB_DIRECTORIES = Set.of("dev", "proc", "sys");

    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry();

    @TempDir
    Path dir;

    private Path registriesConf;
    private String served;

    @BeforeAll
    void serveBusybox(@TempDir Path seedDir) throws IOException {
        BuildFixture seed = new BuildFixture(seedDir);
        BusyboxImage.seed(seed.store(), seedDir.resolve("busybox"));
        served = registry.host() + "/test/busybox:1";
        try (RegistryClient client = RegistryClient.create(RegistryOptions.defaults())) {
            Descriptor image = new Catalog(seed.store()).require(BusyboxImage.NAME).descriptor();
            ImageReference target = ImageReference.parse(served);
            try (RegistryDestination destination = client.destination(target)) {
                ImageCopier.copy(new StoreSource(seed.store()), image, destination,
                        CopyOptions.defaults().withTags(List.of("1")));
                destination.commit();
            }
        }
        registriesConf = seedDir.resolve("registries.conf");
        Files.writeString(registriesConf, "[[registry]]\nlocation = \"" + registry.host() + "\"\ninsecure = true\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlay", "vfs"})
    void buildahMakesTheSameRunLayers(String driver) throws IOException {
        Path testCase = ProjectRoot.get().resolve("testdata/run-builds/changes");
        String dockerfile = Files.readString(testCase.resolve("Dockerfile")).replace(BusyboxImage.NAME, served);
        Path work = Files.createDirectories(dir.resolve(driver));

        BuildFixture lamina = new BuildFixture(work.resolve("lamina"));
        Descriptor base = BusyboxImage.seed(lamina.store(), work.resolve("busybox"));
        new Catalog(lamina.store()).tag(ImageReference.parse(served), base);
        lamina.runSteps(RunFixtures.runSteps(work, RunSteps.Snapshotter.AUTO, new ArrayList<>()));
        BuildResult built = lamina.build(dockerfile, r -> r, testCase.resolve("context"));
        List<List<String>> laminaLayers = new ArrayList<>();
        List<Descriptor> layers = lamina.manifest(built).layers();
        for (Descriptor layer : layers.subList(1, layers.size())) {
            try (InputStream in = lamina.store().openBlob(layer.digest())) {
                laminaLayers.add(LayerEntries.of(in));
            }
        }

        Path dockerfilePath = work.resolve("Dockerfile");
        Files.writeString(dockerfilePath, dockerfile);
        Path out = buildah(work, driver, dockerfilePath, testCase.resolve("context"));
        JsonNode manifest = Json.readTree(Files.readAllBytes(out.resolve("manifest.json")), "buildah manifest");
        List<List<String>> buildahLayers = new ArrayList<>();
        List<JsonNode> layerNodes = new ArrayList<>();
        manifest.path("layers").forEach(layerNodes::add);
        for (JsonNode layer : layerNodes.subList(1, layerNodes.size())) {
            try (InputStream in = Files.newInputStream(out.resolve(layer.path("digest").asText().substring(7)))) {
                buildahLayers.add(withoutStubs(LayerEntries.of(in)));
            }
        }
        List<List<String>> compared = new ArrayList<>();
        for (int i = 0; i < laminaLayers.size(); i++) {
            compared.add(driver.equals("vfs") ? opaqueAsWhiteouts(laminaLayers, i) : laminaLayers.get(i));
        }
        if (driver.equals("overlay")) {
            for (int i = 0; i < Math.min(compared.size(), buildahLayers.size()); i++) {
                buildahLayers.set(i, overlayQuirks(buildahLayers.get(i), compared, i));
            }
        }

        assertThat(compared).as("RUN layers, lamina vs buildah with " + driver).isEqualTo(buildahLayers);
    }

    /** buildah's overlay opaque markers over former files, and a lower file it wrote again to hardlink it. */
    private static List<String> overlayQuirks(List<String> layer, List<List<String>> lamina, int index) {
        List<String> ours = lamina.get(index);
        List<String> out = new ArrayList<>(layer);
        out.removeIf(line -> {
            if (!line.endsWith(" opaque") || ours.contains(line)) {
                return false;
            }
            String path = line.substring(0, line.indexOf(' '));
            String below = null;
            for (List<String> lower : lamina.subList(0, index)) {
                for (String entry : lower) {
                    if (entry.startsWith(path + " ")) {
                        below = entry;
                    }
                }
            }
            return below != null && !below.contains(" directory ");
        });
        for (String line : List.copyOf(out)) {
            if (!line.endsWith(" (linked)") || ours.contains(line)) {
                continue;
            }
            String path = line.substring(0, line.indexOf(' '));
            Optional<String> asFile = ours.stream().filter(o -> o.startsWith(path + " regular ")).findFirst();
            if (asFile.isEmpty()) {
                continue;
            }
            String size = asFile.get().substring(asFile.get().lastIndexOf(" size "));
            Optional<String> rewritten = out.stream().filter(o -> o.endsWith(size) && !ours.contains(o)).findFirst();
            rewritten.ifPresent(out::remove);
            out.set(out.indexOf(line), asFile.get());
        }
        return new ArrayList<>(new TreeSet<>(out));
    }

    /** buildah's RUN stubs, and the directories only they put in the layer. */
    private static List<String> withoutStubs(List<String> layer) {
        List<String> kept = layer.stream().filter(line -> !BUILDAH_STUBS.contains(line.substring(0, line.indexOf(' '))))
                .filter(line -> !(BUILDAH_STUB_DIRECTORIES.contains(line.substring(0, line.indexOf(' ')))
                        && line.contains(" directory ")))
                .collect(Collectors.toList());
        kept.removeIf(line -> {
            String path = line.substring(0, line.indexOf(' '));
            boolean stubParent = BUILDAH_STUBS.stream().anyMatch(stub -> stub.startsWith(path + "/"));
            return stubParent && line.contains(" directory ")
                    && kept.stream().noneMatch(other -> other.startsWith(path + "/"));
        });
        return kept;
    }

    /** lamina's opaque marker, as vfs writes it: a whiteout per child the directory had in the layers below. */
    private static List<String> opaqueAsWhiteouts(List<List<String>> all, int index) {
        TreeSet<String> out = new TreeSet<>();
        List<String> layer = all.get(index);
        for (String line : layer) {
            if (!line.endsWith(" opaque")) {
                out.add(line);
                continue;
            }
            String dir = line.substring(0, line.indexOf(' '));
            TreeSet<String> before = new TreeSet<>();
            for (List<String> lower : all.subList(0, index)) {
                for (String entry : lower) {
                    String path = entry.substring(0, entry.indexOf(' '));
                    if (path.startsWith(dir + "/") && path.indexOf('/', dir.length() + 1) < 0) {
                        if (entry.endsWith(" delete")) {
                            before.remove(path);
                        } else {
                            before.add(path);
                        }
                    }
                }
            }
            before.forEach(path -> out.add(path + " delete"));
        }
        return new ArrayList<>(out);
    }

    private Path buildah(Path work, String driver, Path dockerfile, Path context) {
        return BuildahBud.build(work, driver, registriesConf, dockerfile, context, List.of());
    }
}
