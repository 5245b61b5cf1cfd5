package dev.lamina.builder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.builder.cache.BuildCache;
import dev.lamina.builder.cache.CacheLayout;
import dev.lamina.builder.testing.BuildFixture;
import dev.lamina.builder.testing.TestBases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A COPY whose sources are unchanged is taken from the cache through its memo, without selecting and fingerprinting
 * them again; any change a file's version shows (content, even with its size and time put back; a new file; a
 * retargeted symlink) sends the step the long way, which finds the change.
 *
 * <p>Each test waits out the two seconds in which a new file's times may not show a change ({@code FileVersion}):
 * before then no memo is written.
 */
class StepMemoTest {
    private static final String DOCKERFILE = """
            FROM lamina.test/base:1 AS build
            COPY src/ /src/
            COPY current/ /current/

            FROM lamina.test/base:1
            COPY --from=build /src/ /app/
            """;

    @TempDir
    Path dir;

    BuildFixture fixture;

    @BeforeEach
    void setUp() throws IOException, InterruptedException {
        fixture = new BuildFixture(dir);
        TestBases.seed(fixture.store());
        fixture.file("src/Main.java", "class Main {}\n");
        fixture.file("src/util/Util.java", "class Util {}\n");
        fixture.file("v1/version.txt", "one\n");
        fixture.file("v2/version.txt", "two\n");
        Files.createSymbolicLink(fixture.context().resolve("current"), Path.of("v1"));
        fixture.file("Dockerfile", DOCKERFILE);
        Thread.sleep(2100);
        fixture.build(DOCKERFILE); // the long way, which writes the memos
        fixture.lastProgress();
    }

    @Test
    void anUnchangedContextIsTakenFromTheMemosWithoutReadingTheContextAgain() throws IOException {
        assertThat(memos()).hasSize(3);
        deleteContextDigests(); // the long way would read every file again and record their digests

        BuildResult again = fixture.build(DOCKERFILE);

        assertThat(again.stepsRun()).isZero();
        assertThat(fixture.lastProgress()).allMatch(line -> line.endsWith(" CACHED"));
        assertThat(contextDigests()).as("the context was not walked").isEmpty();
    }

    @Test
    void droppingTheCacheDropsTheMemos() throws IOException {
        assertThat(memos()).hasSize(3);

        new BuildCache(fixture.store()).clear();

        assertThat(CacheLayout.of(fixture.store()).memos()).doesNotExist();
    }

    @Test
    void contentChangedWithItsSizeAndTimePutBackIsAMiss() throws IOException {
        Path main = fixture.context().resolve("src/Main.java");
        FileTime time = Files.getLastModifiedTime(main);
        Files.writeString(main, "class Niam {}\n");
        Files.setLastModifiedTime(main, time); // only the change time tells

        fixture.build(DOCKERFILE);

        assertThat(fixture.lastProgress()).contains(
                "[build 2/3] COPY src/ /src/ DONE (src/Main.java changed since the last build)",
                "[stage-1 2/2] COPY --from=build /src/ /app/ DONE (stage build:/src/Main.java changed since the last"
                        + " build)");
    }

    @Test
    void aStepKeepsOneMemoHoweverOftenWhatItReadsChanges() throws IOException {
        for (int edit = 1; edit <= 3; edit++) {
            fixture.file("src/Main.java", "class Main { int edit" + edit + "; }\n");
            fixture.build(DOCKERFILE); // the COPY --from reads another stage each time: a new memo key, same step
        }

        assertThat(memos()).hasSize(3);
    }

    @Test
    void aFileAddedInASubdirectoryIsAMiss() throws IOException {
        fixture.file("src/util/More.java", "class More {}\n");

        fixture.build(DOCKERFILE);

        assertThat(fixture.lastProgress()).contains(
                "[build 2/3] COPY src/ /src/ DONE (src/util changed; src/util/More.java is new since the last build)");
    }

    @Test
    void aRetargetedSymlinkOnTheWayIsAMiss() throws IOException {
        Path link = fixture.context().resolve("current");
        Files.delete(link);
        Files.createSymbolicLink(link, Path.of("v2"));

        fixture.build(DOCKERFILE);

        assertThat(fixture.lastProgress()).anyMatch(line -> line.startsWith("[build 3/3] COPY current/ /current/ DONE"));
    }

    private List<Path> memos() throws IOException {
        try (Stream<Path> files = Files.list(CacheLayout.of(fixture.store()).memos())) {
            return files.toList();
        }
    }

    private List<Path> contextDigests() throws IOException {
        Path digests = CacheLayout.of(fixture.store()).contextDigests();
        if (!Files.isDirectory(digests)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(digests)) {
            return files.toList();
        }
    }

    private void deleteContextDigests() throws IOException {
        for (Path file : contextDigests()) {
            Files.delete(file);
        }
    }
}
