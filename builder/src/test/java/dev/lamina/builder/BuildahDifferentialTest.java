package dev.lamina.builder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.builder.testing.BuildCase;
import dev.lamina.builder.testing.BuildFixture;
import dev.lamina.builder.testing.BuildahBud;
import dev.lamina.builder.testing.LayerEntries;
import dev.lamina.builder.testing.TestBases;
import dev.lamina.image.Descriptor;
import dev.lamina.image.ImageReference;
import dev.lamina.image.copy.CopyOptions;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.json.Json;
import dev.lamina.image.store.Catalog;
import dev.lamina.image.store.StoreSource;
import dev.lamina.registry.RegistryClient;
import dev.lamina.registry.RegistryDestination;
import dev.lamina.registry.RegistryOptions;
import dev.lamina.registry.testing.SharedRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfiles of {@code testdata/builds} (none has RUN) built by lamina and by {@code buildah bud} (chroot
 * isolation, vfs, Docker format, one layer per instruction), base images served to buildah by a real registry on
 * loopback: the config fields and every layer's entries (path, type, mode, owner, link target, content) must be
 * equal, modulo the differences buildah 1.28 is known to have (each normalised here, with the reason):
 * <ul>
 * <li>buildah makes no layer for WORKDIR (BuildKit makes one, with the directory): lamina's WORKDIR layers are left
 * out of the comparison;</li>
 * <li>buildah keeps {@code EXPOSE 8000-8002} as one key (Docker expands the range): its ranges are expanded;</li>
 * <li>buildah wraps a shell-form CMD or ENTRYPOINT in {@code /bin/sh -c} whatever the SHELL (Docker uses the SHELL):
 * its shell prefix is compared as the SHELL;</li>
 * <li>buildah writes empty {@code []}/{@code {}} where Docker omits a field, and adds an {@code io.buildah.version}
 * label: both are dropped;</li>
 * <li>buildah unpacks an archive's hardlink as a second regular file and copies a directory's mtime-only changes
 * differently: contents are compared, link types of hardlinks as regular files;</li>
 * <li>buildah re-appends a redefined variable at the end of {@code Env} (Docker replaces it in place): Env is
 * compared as a set;</li>
 * <li>buildah leaves {@code WorkingDir} empty in a {@code FROM scratch} image (BuildKit's empty image has {@code /});</li>
 * <li>what buildah 1.28 cannot parse is adapted, the same way for both builds: {@code --link} is dropped, symbolic
 * {@code --chmod} becomes octal, and instructions with {@code --parents}, {@code --exclude}, {@code --unpack} or a
 * heredoc are left out; the {@code replace} and {@code link} cases are not compared (BuildKit refuses to replace a directory by
 * a file, and buildah has no {@code --link}).</li>
 * </ul>
 */
@Tag("peer")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuildahDifferentialTest {
    private static final List<String> CASES = List.of("cmd-after-entrypoint", "copy-rules", "metadata", "multistage",
            "multistage-target", "onbuild", "workdir", "add");
    private static final List<String> COMPARED = List.of("Env", "Cmd", "Entrypoint", "WorkingDir", "User", "Labels",
            "ExposedPorts", "Volumes", "StopSignal", "Healthcheck", "OnBuild");

    @RegisterExtension
    static final SharedRegistry registry = new SharedRegistry();

    @TempDir
    Path dir;

    private Path registriesConf;

    @BeforeAll
    void serveBaseImages(@TempDir Path seedDir) throws IOException {
        BuildFixture seed = new BuildFixture(seedDir);
        TestBases.seed(seed.store());
        try (RegistryClient client = RegistryClient.create(RegistryOptions.defaults())) {
            for (String name : List.of(TestBases.BASE, TestBases.ONBUILD)) {
                Descriptor image = new Catalog(seed.store()).require(name).descriptor();
                ImageReference target = ImageReference.parse(served(name));
                try (RegistryDestination destination = client.destination(target)) {
                    ImageCopier.copy(new StoreSource(seed.store()), image, destination,
                            CopyOptions.defaults().withTags(List.of(target.tag().orElseThrow())));
                    destination.commit();
                }
            }
        }
        registriesConf = seedDir.resolve("registries.conf");
        Files.writeString(registriesConf, "[[registry]]\nlocation = \"" + registry.host() + "\"\ninsecure = true\n");
    }

    @TestFactory
    Stream<DynamicTest> buildahBuildsTheSameImages() {
        return CASES.stream().map(name -> DynamicTest.dynamicTest(name, () -> compare(name)));
    }

    private void compare(String name) throws IOException {
        BuildCase testCase = BuildCase.named(name);
        Path work = Files.createDirectories(dir.resolve(name));
        String dockerfile = forBuildah(testCase.dockerfile()
                .replace(TestBases.BASE, served(TestBases.BASE)).replace(TestBases.ONBUILD, served(TestBases.ONBUILD)));

        BuildFixture lamina = new BuildFixture(work.resolve("lamina"));
        TestBases.seed(lamina.store());
        for (String base : List.of(TestBases.BASE, TestBases.ONBUILD)) {
            new Catalog(lamina.store()).tag(ImageReference.parse(served(base)),
                    new Catalog(lamina.store()).require(base).descriptor());
        }
        BuildResult built = lamina.build(dockerfile, r -> r.withBuildArgs(testCase.buildArgs())
                .withTarget(testCase.target()), testCase.context());
        ImageConfig laminaConfig = lamina.config(built);
        List<List<String>> laminaLayers = newLayers(lamina, built, laminaConfig);

        Path dockerfilePath = work.resolve("Dockerfile");
        Files.writeString(dockerfilePath, dockerfile);
        Path out = buildah(work, dockerfilePath, testCase);
        JsonNode manifest = Json.readTree(Files.readAllBytes(out.resolve("manifest.json")), "buildah manifest");
        ImageConfig buildahConfig = ImageConfig.parse(Files.readAllBytes(out.resolve(
                manifest.path("config").path("digest").asText().substring("sha256:".length()))), "buildah config");
        List<List<String>> buildahLayers = new ArrayList<>();
        List<JsonNode> layerNodes = new ArrayList<>();
        manifest.path("layers").forEach(layerNodes::add);
        int baseLayers = layerNodes.size() - (int) buildahConfig.history().stream()
                .filter(h -> !h.emptyLayer() && !h.createdBy().startsWith("ADD rootfs.tar")).count();
        for (JsonNode layer : layerNodes.subList(baseLayers, layerNodes.size())) {
            try (InputStream in = Files.newInputStream(out.resolve(layer.path("digest").asText().substring(7)))) {
                buildahLayers.add(LayerEntries.of(in));
            }
        }

        assertThat(comparable(laminaConfig, laminaConfig)).as(name + ": config")
                .isEqualTo(comparable(buildahConfig, laminaConfig));
        assertThat(laminaLayers).as(name + ": layers").isEqualTo(buildahLayers);
    }

    /** The Dockerfile as buildah 1.28 can read it (see the class comment). */
    private static String forBuildah(String dockerfile) {
        List<String> lines = new ArrayList<>();
        boolean inHeredoc = false;
        for (String line : dockerfile.split("\n", -1)) {
            if (line.startsWith("COPY <<") || inHeredoc) {
                inHeredoc = !line.equals("EOF");
                continue;
            }
            if (line.contains("--parents") || line.contains("--exclude=") || line.contains("--unpack")) {
                continue;
            }
            lines.add(line.replace("--link ", "").replace("--chmod=u=rwx,go=rX", "--chmod=755"));
        }
        return String.join("\n", lines);
    }

    /** lamina's new layers, WORKDIR's left out (buildah makes none). */
    private static List<List<String>> newLayers(BuildFixture fixture, BuildResult result, ImageConfig config)
            throws IOException {
        List<Descriptor> layers = fixture.manifest(result).layers();
        List<dev.lamina.image.json.History> layerHistory = config.history().stream().filter(h -> !h.emptyLayer())
                .toList();
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            dev.lamina.image.json.History h = layerHistory.get(i);
            if (h.comment().equals("buildkit.dockerfile.v0") && !h.createdBy().startsWith("WORKDIR ")) {
                try (InputStream in = fixture.store().openBlob(layers.get(i).digest())) {
                    out.add(LayerEntries.of(in));
                }
            }
        }
        return out;
    }

    /** The compared config fields, normalised for the known differences (see the class comment). */
    private static Map<String, JsonNode> comparable(ImageConfig config, ImageConfig lamina) {
        ObjectNode c = (ObjectNode) config.tree().path("config");
        Map<String, JsonNode> out = new TreeMap<>();
        for (String field : COMPARED) {
            JsonNode value = c.get(field);
            if (value == null || value.isNull() || value.isContainerNode() && value.isEmpty()
                    || value.isTextual() && value.asText().isEmpty()) {
                continue;
            }
            if (field.equals("Labels")) {
                ((ObjectNode) value).remove("io.buildah.version");
            }
            if (field.equals("ExposedPorts")) {
                value = expandRanges((ObjectNode) value);
            }
            if (field.equals("Env")) {
                List<String> sorted = new ArrayList<>();
                value.forEach(v -> sorted.add(v.asText()));
                sorted.sort(null);
                ArrayNode env = Json.array();
                sorted.forEach(env::add);
                value = env;
            }
            if (field.equals("WorkingDir") && value.asText().equals("/")) {
                continue;
            }
            if ((field.equals("Cmd") || field.equals("Entrypoint")) && value.size() == 3
                    && value.get(0).asText().equals("/bin/sh") && value.get(1).asText().equals("-c")) {
                JsonNode shell = lamina.tree().path("config").path("Shell");
                if (shell.size() == 2) {
                    value = Json.array().add(shell.get(0)).add(shell.get(1)).add(value.get(2));
                }
            }
            out.put(field, value);
        }
        return out;
    }

    private static JsonNode expandRanges(ObjectNode ports) {
        ObjectNode out = Json.object();
        for (Iterator<String> it = ports.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            String[] portProto = key.split("/");
            String[] range = portProto[0].split("-");
            int start = Integer.parseInt(range[0]);
            int end = range.length > 1 ? Integer.parseInt(range[1]) : start;
            for (int p = start; p <= end; p++) {
                out.putObject(p + "/" + (portProto.length > 1 ? portProto[1] : "tcp"));
            }
        }
        return out;
    }

    private Path buildah(Path work, Path dockerfile, BuildCase testCase) {
        List<String> args = new ArrayList<>();
        testCase.buildArgs().forEach((k, v) -> args.addAll(List.of("--build-arg", k + "=" + v)));
        testCase.target().ifPresent(t -> args.addAll(List.of("--target", t)));
        return BuildahBud.build(work, "vfs", registriesConf, dockerfile, testCase.context(), args);
    }

    private String served(String name) {
        return registry.host() + "/" + name.substring(name.indexOf('/') + 1);
    }
}
