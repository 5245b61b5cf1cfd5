package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.json.ImageIndex;
import dev.lamina.image.testing.ProjectRoot;
import dev.lamina.image.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lamina build as a user runs it: the bundled example, outputs, names, progress, errors, the cache and prune. */
class BuildCommandTest {
    @TempDir
    Path root;
    @TempDir
    Path work;

    CliRunner cli;
    Path example;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(root, work);
        example = ProjectRoot.get().resolve("testdata/example");
    }

    @Test
    void buildsTheExamplePrintingTheImageIdOnStdoutAndAStepPerLineOnStderr() {
        CliRunner.Result result = cli.run("build", "-t", "example:1", "-t", "example:latest", example.toString());

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.lines()).singleElement().asString().matches("sha256:[0-9a-f]{64}");
        assertThat(result.err()).contains("[site 1/2] COPY site/ /site/  DONE ")
                .contains("[stage-1 2/3] COPY --from=site /site/ ./  DONE ")
                .contains("naming to docker.io/library/example:1 done")
                .contains("naming to docker.io/library/example:latest done");
        String images = cli.run("images", "--format", "json").out();
        assertThat(images).contains("\"Tag\": \"1\"").contains("\"Tag\": \"latest\"")
                .contains(result.out().trim());
    }

    @Test
    void aRebuildIsAllCachedAndGivesTheSameId() {
        String first = cli.run("build", "-q", example.toString()).out();
        CliRunner.Result again = cli.run("build", "--progress=plain", example.toString());

        assertThat(again.out()).isEqualTo(first);
        assertThat(again.err().lines().filter(l -> l.startsWith("[")))
                .hasSize(5).allMatch(l -> l.endsWith("  CACHED"));
    }

    @Test
    void quietPrintsOnlyTheId() {
        CliRunner.Result result = cli.run("build", "-q", "--iidfile", "id.txt", example.toString());

        assertThat(result.err()).isEmpty();
        assertThat(result.out()).matches("sha256:[0-9a-f]{64}\n");
        assertThat(work.resolve("id.txt")).hasContent(result.out().trim());
    }

    @Test
    void outputsToOtherTransportsAndNamesNothingInTheStoreWithoutATag() throws IOException {
        CliRunner.Result result = cli.run("build", "-q", "--output", "oci:layout:v1", "--output",
                "docker-archive:app.tar:app:1", example.toString());

        assertThat(result.code()).as(result.err()).isZero();
        ImageIndex index = ImageIndex.parse(Files.readAllBytes(work.resolve("layout/index.json")), "index");
        assertThat(index.manifests()).singleElement().satisfies(d -> assertThat(d.refName()).contains("v1"));
        assertThat(work.resolve("app.tar")).isNotEmptyFile();
        assertThat(cli.run("images", "-q").out()).isEmpty();
        assertThat(cli.run("copy", "oci:layout:v1", "store:copied:1").code()).isZero();
    }

    @Test
    void withoutATagOrOutputTheImageIsKeptUnnamed() {
        String id = cli.run("build", "-q", example.toString()).out().trim();

        assertThat(cli.run("images", "-q", "--no-trunc").out().trim()).isEqualTo(id);
    }

    @Test
    void aSourceDateEpochGivesTheSameImageInAnotherStore(@TempDir Path otherRoot) {
        CliRunner other = new CliRunner(otherRoot, work).env("SOURCE_DATE_EPOCH", "1700000000");
        String first = cli.run("build", "-q", "--source-date-epoch", "1700000000", example.toString()).out();
        String second = other.run("build", "-q", example.toString()).out();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void aTarOnStdinIsTheContext() {
        byte[] tar = TestImages.tar(Map.of("Dockerfile", bytes("FROM scratch\nCOPY a.txt /\n"),
                "a.txt", bytes("from stdin\n")));

        CliRunner.Result result = cli.run(new ByteArrayInputStream(tar), "build", "-t", "stdin:1", "-");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.err()).contains("[1/1] COPY a.txt /  DONE");
    }

    @Test
    void theDockerfileCanComeFromStdin() throws IOException {
        Files.writeString(work.resolve("b.txt"), "b\n");

        CliRunner.Result result = cli.run(new ByteArrayInputStream(bytes("FROM scratch\nCOPY b.txt /\n")), "build",
                "-q", "-f", "-", ".");

        assertThat(result.code()).as(result.err()).isZero();
    }

    @Test
    void buildArgumentsAndLabelsReachTheImage() {
        CliRunner.Result result = cli.run("build", "-q", "-t", "args:1", "--build-arg", "PORT=9090", "--label",
                "team=core", example.toString());

        assertThat(result.code()).as(result.err()).isZero();
        String inspect = cli.run("inspect", "args:1").out();
        assertThat(inspect).contains("\"9090/tcp\"").contains("\"team\": \"core\"");
    }

    @Test
    void anUnusedBuildArgumentIsAWarning() {
        CliRunner.Result result = cli.run("build", "--build-arg", "NOPE=1", example.toString());

        assertThat(result.code()).isZero();
        assertThat(result.err()).contains("lamina: warning: one or more build-args [NOPE] were not consumed");
    }

    @Test
    void aMalformedBuildArgumentIsAUsageError() {
        CliRunner.Result result = cli.run("build", "--build-arg", "=value", example.toString());

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("lamina: error: invalid --build-arg \"=value\": expected NAME=VALUE\n");
    }

    @Test
    void anUnknownTargetIsOneLineAndNamesNothing() {
        CliRunner.Result result = cli.run("build", "-t", "x:1", "--target", "nope", example.toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("lamina: error: target stage \"nope\" could not be found (stages: site)\n");
        assertThat(cli.run("images", "-q").out()).isEmpty();
    }

    @Test
    void aMissingSourceIsOneLineAndNamesNothing() throws IOException {
        Files.writeString(work.resolve("Dockerfile"), "FROM scratch\nCOPY app.jar /\n");

        CliRunner.Result result = cli.run("build", "-t", "broken:1", ".");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).endsWith("lamina: error: Dockerfile:2: COPY: no such file in the build context:"
                + " app.jar\n");
        assertThat(cli.run("images", "-q").out()).isEmpty();
    }

    @Test
    void runOptionsAreCheckedEvenBeforeRunExists() {
        assertThat(cli.run("build", "--memory", "lots", example.toString()).code()).isEqualTo(2);
        assertThat(cli.run("build", "--network", "bridge", example.toString()).code()).isEqualTo(2);
        assertThat(cli.run("build", "--secret", "id=x", example.toString()).code()).isEqualTo(2);
        assertThat(cli.run("build", "-q", "--memory", "512m", "--cpus", "1.5", "--pids-limit", "64", "--network",
                "none", "--secret", "id=x,src=Dockerfile", example.toString()).code()).isZero();
    }

    @Test
    void pruneDropsTheBuildCacheUnlessToldToKeepIt() throws IOException {
        cli.run("build", "-q", "-t", "example:1", example.toString());
        cli.run("rmi", "example:1");
        long cached = blobCount();
        assertThat(cached).as("rmi leaves the cached layers").isPositive();

        CliRunner.Result kept = cli.run("prune", "--keep-cache");
        assertThat(kept.code()).isZero();
        assertThat(cli.run("build", "--progress=plain", example.toString()).err().lines()
                .filter(l -> l.startsWith("["))).allMatch(l -> l.endsWith("CACHED"));

        CliRunner.Result pruned = cli.run("prune");
        assertThat(pruned.out()).startsWith("Deleted build cache: 5 steps\n");
        assertThat(blobCount()).isZero();
    }

    private long blobCount() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("blobs/sha256"))) {
            return files.count();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
