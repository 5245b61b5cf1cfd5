package dev.lamina.builder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.builder.testing.BuildFixture;
import dev.lamina.builder.testing.TestBases;
import dev.lamina.image.testing.ProjectRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproducibilityTest {
    private static final Optional<Instant> EPOCH = Optional.of(Instant.ofEpochSecond(1_700_000_000L));

    @TempDir
    Path dir;

    @Test
    void twoBuildsUnderTwoStoresWithASourceDateEpochGiveOneDigest() throws IOException {
        Path testCase = ProjectRoot.get().resolve("testdata/builds/copy-rules");
        String dockerfile = Files.readString(testCase.resolve("Dockerfile"));

        BuildResult first = build(dir.resolve("one"), dockerfile, testCase.resolve("context"));
        BuildResult second = build(dir.resolve("two"), dockerfile, testCase.resolve("context"));

        assertThat(second.manifest().digest()).isEqualTo(first.manifest().digest());
        assertThat(second.imageId()).isEqualTo(first.imageId());
    }

    @Test
    void withoutOneTheTimesOfTheBuildShow() throws IOException {
        Path testCase = ProjectRoot.get().resolve("testdata/builds/multistage");
        String dockerfile = Files.readString(testCase.resolve("Dockerfile"));
        BuildFixture one = fixture(dir.resolve("one"));
        BuildFixture two = fixture(dir.resolve("two"));

        BuildResult first = one.build(dockerfile, r -> r, testCase.resolve("context"));
        BuildResult second = two.build(dockerfile, r -> r, testCase.resolve("context"));

        assertThat(second.imageId()).isNotEqualTo(first.imageId());
    }

    private static BuildResult build(Path root, String dockerfile, Path context) throws IOException {
        return fixture(root).build(dockerfile, r -> r.withSourceDateEpoch(EPOCH), context);
    }

    private static BuildFixture fixture(Path root) throws IOException {
        BuildFixture fixture = new BuildFixture(root);
        TestBases.seed(fixture.store());
        return fixture;
    }
}
