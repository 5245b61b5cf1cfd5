package dev.lamina.builder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.builder.runstep.RunSteps;
import dev.lamina.builder.testing.BuildFixture;
import dev.lamina.builder.testing.BusyboxImage;
import dev.lamina.builder.testing.RunFixtures;
import dev.lamina.image.testing.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dockerfiles of {@code testdata/run-builds/}, whose RUN steps change the busybox base in every way a layer can
 * express, built twice: with the overlay snapshotter and with the metadata walk. Each build must match
 * {@code expected.txt} (config, history, every new layer's entries, and the final {@code /srv} tree), so the two
 * snapshotters agree entry for entry; with a source date epoch they even give the same image ID. Root.
 */
@Tag("root")
class RunBuildsTest {
    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> bothSnapshottersGiveTheExpectedLayers() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> cases = Files.list(ProjectRoot.get().resolve("testdata/run-builds"))) {
            for (Path testCase : cases.sorted().toList()) {
                tests.add(DynamicTest.dynamicTest(testCase.getFileName().toString(), () -> check(testCase)));
            }
        }
        return tests.stream();
    }

    private void check(Path testCase) throws IOException {
        String name = testCase.getFileName().toString();
        String dockerfile = Files.readString(testCase.resolve("Dockerfile"));
        List<String> ids = new ArrayList<>();
        for (RunSteps.Snapshotter snapshotter : List.of(RunSteps.Snapshotter.OVERLAY, RunSteps.Snapshotter.WALK)) {
            Path work = Files.createDirectories(dir.resolve(name + "-" + snapshotter));
            BuildFixture fixture = new BuildFixture(work);
            BusyboxImage.seed(fixture.store(), work.resolve("busybox"));
            List<RunSteps.Timings> timings = new ArrayList<>();
            fixture.runSteps(RunFixtures.runSteps(work, snapshotter, timings));
            String actual;
            try {
                BuildResult result = fixture.build(dockerfile, r -> r.withSourceDateEpoch(
                        Optional.of(TestdataBuildsTest.EPOCH)), testCase.resolve("context"));
                StringBuilder out = new StringBuilder(TestdataBuildsTest.render(fixture, result));
                out.append("final /srv:\n");
                Path root = RunFixtures.unpack(fixture.store(), result.manifest(), work.resolve("unpacked"));
                for (String line : RunFixtures.listing(root, "srv")) {
                    out.append("  ").append(line).append('\n');
                }
                for (String line : RunFixtures.listing(root, "etc")) {
                    out.append("  ").append(line).append('\n');
                }
                actual = out.toString();
                ids.add(result.imageId().toString());
            } catch (BuildException e) {
                actual = "error: " + e.getMessage() + "\n";
            }
            assertThat(timings).allMatch(t -> t.snapshotter().equals(snapshotter.name().toLowerCase()));
            if (Boolean.getBoolean("lamina.updateGolden") && snapshotter == RunSteps.Snapshotter.OVERLAY) {
                Files.writeString(testCase.resolve("expected.txt"), actual);
            }
            assertThat(actual).as(name + " with the " + snapshotter + " snapshotter")
                    .isEqualTo(Files.readString(testCase.resolve("expected.txt")));
        }
        assertThat(ids).as("both builds succeeded").hasSize(2);
        assertThat(ids.get(1)).as("the walk's image is the overlay's").isEqualTo(ids.get(0));
    }
}
