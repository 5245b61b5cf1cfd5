package dev.lamina.builder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.builder.cache.BuildCache;
import dev.lamina.builder.testing.BuildFixture;
import dev.lamina.builder.testing.TestBases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCacheTest {
    private static final String DOCKERFILE = """
            FROM lamina.test/base:1 AS build
            COPY pom.xml /src/
            COPY src/ /src/src/
            COPY README /src/

            FROM lamina.test/base:1
            ENV APP=1
            COPY --from=build /src/pom.xml /app/
            COPY --link README /doc/
            WORKDIR /srv
            """;

    @TempDir
    Path dir;

    BuildFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new BuildFixture(dir);
        TestBases.seed(fixture.store());
        fixture.file("pom.xml", "<project/>\n");
        fixture.file("src/Main.java", "class Main {}\n");
        fixture.file("src/Util.java", "class Util {}\n");
        fixture.file("README", "read me\n");
    }

    @Test
    void rebuildWithNothingChangedHitsEveryStepAndWritesNoBlob() throws IOException {
        BuildResult first = fixture.build(DOCKERFILE);
        fixture.lastProgress();
        long blobs = fixture.blobCount();

        BuildResult second = fixture.build(DOCKERFILE);

        assertThat(fixture.lastProgress()).allMatch(line -> line.endsWith(" CACHED")).hasSize(8);
        assertThat(second.stepsRun()).isZero();
        assertThat(second.imageId()).isEqualTo(first.imageId());
        assertThat(second.manifest()).isEqualTo(first.manifest());
        assertThat(fixture.blobCount()).isEqualTo(blobs);
    }

    @Test
    void changingOneFileRunsTheStepsThatReadItAndThoseAfterAndSaysWhy() throws IOException {
        fixture.build(DOCKERFILE);
        fixture.lastProgress();
        fixture.file("src/Main.java", "class Main { int x; }\n");

        fixture.build(DOCKERFILE);

        assertThat(fixture.lastProgress()).containsExactly(
                "[build 1/4] FROM lamina.test/base:1 CACHED",
                "[build 2/4] COPY pom.xml /src/ CACHED",
                "[build 3/4] COPY src/ /src/src/ DONE (src/Main.java changed since the last build)",
                "[build 4/4] COPY README /src/ DONE (an earlier step changed)",
                // the final stage copies pom.xml, which did not change; --link does not depend on the layers below
                "[stage-1 1/4] FROM lamina.test/base:1 CACHED",
                "[stage-1 2/4] COPY --from=build /src/pom.xml /app/ CACHED",
                "[stage-1 3/4] COPY --link README /doc/ CACHED",
                "[stage-1 4/4] WORKDIR /srv CACHED");
    }

    @Test
    void aTouchedFileIsAChangeBecauseItsTimeIsCopiedButNotUnderASourceDateEpoch() throws IOException {
        fixture.build(DOCKERFILE);
        fixture.touch("README", 1_600_000_000L);
        fixture.lastProgress();

        fixture.build(DOCKERFILE);
        assertThat(fixture.lastProgress()).filteredOn(line -> line.contains(" DONE"))
                .containsExactly("[build 4/4] COPY README /src/ DONE (README changed since the last build)",
                        "[stage-1 3/4] COPY --link README /doc/ DONE (README changed since the last build)",
                        "[stage-1 4/4] WORKDIR /srv DONE (an earlier step changed)");

        Optional<Instant> epoch = Optional.of(Instant.ofEpochSecond(1_700_000_000L));
        fixture.build(DOCKERFILE, r -> r.withSourceDateEpoch(epoch));
        fixture.touch("README", 1_500_000_000L);
        fixture.lastProgress();
        fixture.build(DOCKERFILE, r -> r.withSourceDateEpoch(epoch));
        assertThat(fixture.lastProgress()).allMatch(line -> line.endsWith(" CACHED"));
    }

    @Test
    void addedAndRemovedFilesAreNamed() throws IOException {
        fixture.build(DOCKERFILE);
        fixture.file("src/New.java", "class New {}\n");
        Files.delete(fixture.context().resolve("src/Util.java"));
        fixture.lastProgress();

        fixture.build(DOCKERFILE);

        assertThat(fixture.lastProgress()).contains("[build 3/4] COPY src/ /src/src/ DONE (src changed; "
                + "src/New.java is new; src/Util.java was removed since the last build)");
    }

    @Test
    void anEditedInstructionSaysSo() throws IOException {
        fixture.build(DOCKERFILE);
        fixture.lastProgress();

        fixture.build(DOCKERFILE.replace("COPY README /src/", "COPY README /src/README.txt"));

        assertThat(fixture.lastProgress()).contains(
                "[build 4/4] COPY README /src/README.txt DONE (the instruction changed since the last build)");
    }

    @Test
    void noCacheRunsEveryStepAndTheNextBuildHitsAgain() throws IOException {
        fixture.build(DOCKERFILE);
        fixture.lastProgress();

        BuildResult uncached = fixture.build(DOCKERFILE, r -> r.withNoCache(true));
        assertThat(fixture.lastProgress()).filteredOn(line -> !line.contains("FROM"))
                .allMatch(line -> line.endsWith(" DONE"));
        assertThat(uncached.stepsCached()).isZero();

        fixture.build(DOCKERFILE);
        assertThat(fixture.lastProgress()).allMatch(line -> line.endsWith(" CACHED"));
    }

    @Test
    void aDroppedCacheIsAMissThatSaysSo() throws IOException {
        fixture.build(DOCKERFILE);
        new BuildCache(fixture.store()).clear();
        fixture.lastProgress();

        fixture.build(DOCKERFILE);

        assertThat(fixture.lastProgress()).filteredOn(line -> line.contains("DONE")).hasSize(6);
    }

    @Test
    void cachedLayersAreGarbageCollectionRoots() throws IOException {
        BuildResult result = fixture.build(DOCKERFILE);
        BuildCache cache = new BuildCache(fixture.store());

        assertThat(cache.roots()).containsAll(fixture.manifest(result).layers().stream().skip(1)
                .map(dev.lamina.image.Descriptor::digest).toList());
    }
}
