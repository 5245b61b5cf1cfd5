package dev.lamina.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.builder.runstep.RunSteps;
import dev.lamina.builder.testing.BuildFixture;
import dev.lamina.builder.testing.BusyboxImage;
import dev.lamina.builder.testing.RunFixtures;
import dev.lamina.image.json.History;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RUN inside a build, through lamina's runner: isolation, limits, mounts, secrets, failures and the build cache.
 * Root (namespaces, cgroups, overlayfs).
 */
@Tag("root")
class RunStepsTest {
    private static final String FROM = "FROM " + BusyboxImage.NAME + "\n";

    @TempDir
    Path dir;

    BuildFixture fixture;
    List<RunSteps.Timings> timings = new ArrayList<>();
    AtomicInteger executed = new AtomicInteger();

    @BeforeEach
    void seed() throws IOException {
        fixture = new BuildFixture(dir.resolve("build"));
        BusyboxImage.seed(fixture.store(), dir.resolve("busybox"));
        use(RunSteps.Snapshotter.AUTO);
    }

    private void use(RunSteps.Snapshotter snapshotter) {
        RunSteps steps = RunFixtures.runSteps(dir, snapshotter, timings);
        fixture.runSteps((step, output) -> {
            executed.incrementAndGet();
            return steps.execute(step, output);
        });
    }

    private String fileIn(BuildResult result, String path) throws IOException {
        Path root = RunFixtures.unpack(fixture.store(), result.manifest(), Files.createTempDirectory(dir, "unpacked"));
        return Files.readString(root.resolve(path));
    }

    @ParameterizedTest
    @EnumSource(value = RunSteps.Snapshotter.class, names = {"OVERLAY", "WALK"})
    void theCommandIsAloneInItsNamespacesWithOnlyLoopbackUnderNetworkNone(RunSteps.Snapshotter snapshotter)
            throws IOException {
        use(snapshotter);
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        BuildResult result = fixture.build(FROM + """
                RUN echo $$ > /pid; hostname > /hostname; ls -d /proc/[0-9]* | wc -l > /procs; \\
                    tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' > /ifaces
                """, r -> r.withRun(new RunOptions("none", Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of())));

        assertThat(fileIn(result, "pid").strip()).as("PID 1, or the init's child").isIn("1", "2");
        assertThat(fileIn(result, "hostname")).isEqualTo("lamina\n");
        assertThat(Integer.parseInt(fileIn(result, "procs").strip())).as("no host process").isLessThanOrEqualTo(4);
        assertThat(fileIn(result, "ifaces")).isEqualTo("lo\n");
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).as("host mount table").isEqualTo(mounts);
    }

    @Test
    void aFailingRunNamesTheStepAndCodeAndLeavesTheStoreAsItWas() throws IOException {
        byte[] index = Files.readAllBytes(fixture.store().paths().indexJson());
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));

        assertThatThrownBy(() -> fixture.build(FROM + "RUN echo partial > /partial\nRUN echo some output; exit 3\n"))
                .isInstanceOf(BuildException.class)
                .hasMessage("Dockerfile:3: RUN echo some output; exit 3: exit code 3");

        assertThat(Files.readAllBytes(fixture.store().paths().indexJson())).isEqualTo(index);
        assertThat(entries(fixture.store().paths().snapshots().resolve("tmp"))).as("no step debris").isEmpty();
        assertThat(entries(fixture.store().paths().ingest())).as("no half-written blob").isEmpty();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).isEqualTo(mounts);
    }

    @Test
    void aMemoryHogIsKilledAndReportedAsOutOfMemory() {
        RunOptions limited = new RunOptions("host", Optional.of(64L << 20), Optional.empty(), Optional.empty(),
                Map.of());

        assertThatThrownBy(() -> fixture.build(FROM + "RUN x=$(head -c 400000000 /dev/zero | tr '\\0' a); echo ${#x}\n",
                r -> r.withRun(limited)))
                .isInstanceOf(BuildException.class)
                .hasMessageStartingWith("Dockerfile:2: RUN x=")
                .hasMessageContaining("out of memory");
    }

    @Test
    void aForkBombIsContainedByThePidsLimit() throws IOException {
        RunOptions limited = new RunOptions("host", Optional.empty(), Optional.empty(), Optional.of(64L), Map.of());
        long start = System.nanoTime();

        BuildResult result = fixture.build(FROM + """
                RUN (for i in $(seq 300); do sleep 5 & done; wait) 2>/fork-errors; echo contained > /contained
                """, r -> r.withRun(limited));

        assertThat(fileIn(result, "fork-errors")).as("forks refused at the limit").contains("fork");
        assertThat(fileIn(result, "contained")).isEqualTo("contained\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void aCachedRunIsNotExecutedAgain() throws IOException {
        String dockerfile = FROM + "RUN echo once > /once\nRUN echo twice > /twice\n";
        BuildResult first = fixture.build(dockerfile);
        int afterFirst = executed.get();
        fixture.lastProgress();

        BuildResult second = fixture.build(dockerfile);

        assertThat(afterFirst).isEqualTo(2);
        assertThat(executed.get()).as("no command ran").isEqualTo(2);
        assertThat(second.imageId()).isEqualTo(first.imageId());
        assertThat(fixture.lastProgress()).filteredOn(line -> line.contains("RUN")).allMatch(l -> l.contains("CACHED"));
    }

    @ParameterizedTest
    @EnumSource(value = RunSteps.Snapshotter.class, names = {"OVERLAY", "WALK"})
    void cacheMountsPersistAcrossBuildsAndNeverReachALayer(RunSteps.Snapshotter snapshotter) throws IOException {
        use(snapshotter);
        String dockerfile = FROM + """
                RUN --mount=type=cache,target=/var/cache/app echo x >> /var/cache/app/log \\
                    && wc -l < /var/cache/app/log > /count
                """;
        fixture.build(dockerfile);

        BuildResult second = fixture.build(dockerfile, r -> r.withNoCache(true));

        assertThat(fileIn(second, "count").strip()).isEqualTo("2");
        assertThat(fixture.layers(second).stream().flatMap(List::stream))
                .noneMatch(line -> line.startsWith("var"))
                .anyMatch(line -> line.startsWith("count "));
    }

    @ParameterizedTest
    @EnumSource(value = RunSteps.Snapshotter.class, names = {"OVERLAY", "WALK"})
    void secretsNeverReachALayerTheHistoryOrTheConfig(RunSteps.Snapshotter snapshotter) throws IOException {
        use(snapshotter);
        Path secret = Files.writeString(dir.resolve("token"), "s3cret-value");
        RunOptions options = new RunOptions("host", Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of("token", secret));

        BuildResult result = fixture.build(FROM + """
                RUN --mount=type=secret,id=token sha256sum < /run/secrets/token | cut -c1-64 > /seen
                RUN --mount=type=secret,id=token,env=TOKEN printf %s "$TOKEN" | sha256sum | cut -c1-64 > /env
                """, r -> r.withRun(options));

        String digest = dev.lamina.image.Digest.sha256("s3cret-value".getBytes(StandardCharsets.UTF_8)).hex();
        assertThat(fileIn(result, "seen")).isEqualTo(digest + "\n");
        assertThat(fileIn(result, "env")).isEqualTo(digest + "\n");
        List<String> entries = fixture.layers(result).stream().flatMap(List::stream).toList();
        assertThat(entries).noneMatch(line -> line.contains("s3cret") || line.startsWith("run"));
        String config = new String(fixture.store().readBlob(fixture.manifest(result).config().digest()),
                StandardCharsets.UTF_8);
        assertThat(config).doesNotContain("s3cret");
        assertThat(fixture.config(result).history()).extracting(History::createdBy)
                .noneMatch(created -> created.contains("s3cret"));
    }

    @Test
    void aMissingRequiredSecretAndAnSshMountFailInOneLine() {
        assertThatThrownBy(() -> fixture.build(FROM + "RUN --mount=type=secret,id=nope,required true\n"))
                .hasMessage("Dockerfile:2: RUN --mount=type=secret,id=nope,required true: secret nope not found:"
                        + " give it with --secret id=nope,src=FILE");
        assertThatThrownBy(() -> fixture.build(FROM + "RUN --mount=type=ssh true\n"))
                .hasMessageStartingWith("Dockerfile:2: RUN --mount=type=ssh true: --mount=type=ssh is not supported");
    }

    @Test
    void userAndWorkdirComeFromTheStageAndReadOnlyBindsComeFromTheContext() throws IOException {
        fixture.file("data/input.txt", "from the context\n");

        BuildResult result = fixture.build(FROM + """
                USER builder
                WORKDIR /home/builder/src
                RUN --mount=type=bind,source=data,target=in cat in/input.txt > out.txt && id > id.txt \\
                    && ! touch in/denied 2>/dev/null
                """);

        assertThat(fileIn(result, "home/builder/src/out.txt")).isEqualTo("from the context\n");
        assertThat(fileIn(result, "home/builder/src/id.txt")).startsWith("uid=1000(builder) gid=1000(builder)")
                .contains("2000(extra)");
        assertThat(fixture.layers(result).stream().flatMap(List::stream))
                .noneMatch(l -> l.startsWith("home/builder/src/in "));
    }

    @Test
    void aReadWriteBindIsAThrowAwayCopyAndFromTakesAnotherStagesFiles() throws IOException {
        fixture.file("data/input.txt", "from the context\n");

        BuildResult result = fixture.build(FROM + """
                FROM %s AS src
                RUN echo from the stage > /hello
                FROM %s
                RUN --mount=type=bind,source=data,target=/in,rw echo changed > /in/input.txt && touch /in/new \
                    && cat /in/input.txt > /seen
                RUN --mount=type=bind,from=src,source=/hello,target=/h cat /h > /got
                """.formatted(BusyboxImage.NAME, BusyboxImage.NAME));

        assertThat(fileIn(result, "seen")).isEqualTo("changed\n");
        assertThat(fileIn(result, "got")).isEqualTo("from the stage\n");
        assertThat(Files.readString(fixture.context().resolve("data/input.txt"))).isEqualTo("from the context\n");
        assertThat(fixture.context().resolve("data/new")).doesNotExist();
        assertThat(fixture.layers(result).stream().flatMap(List::stream))
                .noneMatch(l -> l.startsWith("in") || l.startsWith("h "));
    }

    @Test
    void concurrentBuildsExtractTheSameLayersOnce() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<java.util.concurrent.Future<BuildResult>> builds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String dockerfile = FROM + "RUN echo " + i + " > /n\n";
                builds.add(pool.submit(() -> fixture.build(dockerfile)));
            }
            for (var build : builds) {
                assertThat(build.get().imageId()).isNotNull();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(entries(fixture.store().paths().snapshots().resolve("diff"))).as("the base's, once").hasSize(1);
        assertThat(entries(fixture.store().paths().snapshots().resolve("tmp"))).isEmpty();
    }

    @Test
    void extractedLayersAreSharedByBuildsAndCollectedWithTheirBlobs() throws IOException {
        fixture.build(FROM + "RUN echo a > /a\n");
        Path diffs = fixture.store().paths().snapshots().resolve("diff");
        long extracted = entries(diffs).size();

        fixture.build(FROM + "RUN echo a > /a\nRUN echo b > /b\n");

        assertThat(extracted).as("the base layer").isEqualTo(1);
        assertThat(entries(diffs)).as("the base's and the first RUN's, each once").hasSize(2);
        new dev.lamina.image.store.GarbageCollector(fixture.store(), List.of(
                dev.lamina.builder.runstep.RunStorage.sweeper(fixture.store(), true))).prune();
        assertThat(entries(diffs)).as("only the base's: no image or cache record keeps the RUN layers").hasSize(1);
    }

    private static List<Path> entries(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }
}
