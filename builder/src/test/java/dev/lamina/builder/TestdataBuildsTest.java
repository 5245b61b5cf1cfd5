package dev.lamina.builder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.builder.testing.BuildCase;
import dev.lamina.builder.testing.BuildFixture;
import dev.lamina.builder.testing.TestBases;
import dev.lamina.image.json.History;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builds under {@code testdata/builds/} ({@link BuildCase}): each directory's {@code expected.txt} holds the
 * config, the history and every new layer's entries (path, type, mode, owner, content or link target, whiteouts). Built with a source date
 * epoch, so the expectation is exact. {@code -Dlamina.updateGolden=true} rewrites the expectations (review the diff).
 */
class TestdataBuildsTest {
    static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000L);

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> buildsMatchTheirExpectations() {
        return BuildCase.all().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private void check(BuildCase testCase) throws IOException {
        Path work = Files.createDirectories(dir.resolve(testCase.name()));
        BuildFixture fixture = new BuildFixture(work);
        TestBases.seed(fixture.store());
        String actual;
        try {
            BuildResult result = fixture.build(testCase.dockerfile(), r -> r.withBuildArgs(testCase.buildArgs())
                    .withTarget(testCase.target()).withSourceDateEpoch(Optional.of(EPOCH)), testCase.context());
            actual = render(fixture, result);
        } catch (BuildException e) {
            actual = "error: " + e.getMessage() + "\n";
        }
        if (Boolean.getBoolean("lamina.updateGolden")) {
            Files.writeString(testCase.expected(), actual);
        }
        assertThat(actual).as(testCase.name()).isEqualTo(Files.readString(testCase.expected()));
    }

    /** The image as the expectation files write it. */
    static String render(BuildFixture fixture, BuildResult result) throws IOException {
        StringBuilder out = new StringBuilder();
        ImageConfig config = fixture.config(result);
        JsonNode tree = config.tree();
        out.append("os: ").append(tree.path("os").asText()).append('\n');
        if (tree.has("author")) {
            out.append("author: ").append(tree.path("author").asText()).append('\n');
        }
        out.append("created: ").append(tree.path("created").asText()).append('\n');
        out.append("config: ").append(new String(Json.writePretty(tree.path("config")), StandardCharsets.UTF_8)
                .replace("\n", "\n  ")).append('\n');
        out.append("history:\n");
        for (History h : config.history()) {
            out.append("  ").append(h.emptyLayer() ? "       " : "layer  ").append(h.createdBy())
                    .append(h.comment().isEmpty() ? "" : "   (" + h.comment() + ")").append('\n');
        }
        int baseLayers = fixture.manifest(result).layers().size() - newLayers(config);
        List<List<String>> layers = fixture.layers(result);
        for (int i = baseLayers; i < layers.size(); i++) {
            out.append("layer ").append(i + 1).append(":").append(layers.get(i).isEmpty() ? " (empty)" : "")
                    .append('\n');
            for (String line : layers.get(i)) {
                out.append("  ").append(line).append('\n');
            }
        }
        List<String> warnings = fixture.progress().stream().filter(p -> p.startsWith("warning: ")).toList();
        for (String warning : warnings) {
            out.append(warning).append('\n');
        }
        return out.toString();
    }

    /** The layers the build added: those of history entries with BuildKit's comment. */
    private static int newLayers(ImageConfig config) {
        return (int) config.history().stream()
                .filter(h -> !h.emptyLayer() && h.comment().equals("buildkit.dockerfile.v0")).count();
    }
}
