package dev.lamina.builder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.builder.context.BuildContext;
import dev.lamina.builder.context.BuildContexts;
import dev.lamina.builder.context.GitSource;
import dev.lamina.builder.testing.BuildFixture;
import dev.lamina.builder.testing.HttpFiles;
import dev.lamina.builder.testing.TestBases;
import dev.lamina.image.testing.Peers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADD from URLs and git repositories, and git repositories as build contexts (served on loopback). */
class RemoteSourcesTest {
    @TempDir
    Path dir;

    @Test
    void addUrlNamesTheFileAfterTheUrlDatesItByLastModifiedAndMakesIt0600() throws IOException {
        BuildFixture fixture = new BuildFixture(dir);
        try (HttpFiles http = new HttpFiles(null)) {
            http.put("/dl/tool.sh", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), "Wed, 21 Oct 2015 07:28:00 GMT");
            BuildResult result = fixture.build("FROM scratch\nADD " + http.url() + "/dl/tool.sh /opt/\nADD "
                    + http.url() + "/dl/tool.sh /opt/renamed\n");

            assertThat(fixture.layers(result).get(0)).containsExactly("opt directory 755 0:0",
                    "opt/tool.sh regular 600 0:0 #!/bin/sh\\n");
            assertThat(fixture.layers(result).get(1)).contains("opt/renamed regular 600 0:0 #!/bin/sh\\n");
            assertThat(fixture.config(result).history().get(0).createdBy())
                    .isEqualTo("ADD " + http.url() + "/dl/tool.sh /opt/ # buildkit");
            Instant modified = Instant.parse("2015-10-21T07:28:00Z");
            assertThat(fixture.store().openBlob(fixture.manifest(result).layers().get(0).digest())).isNotNull();
            assertThat(timeOf(fixture, result, "opt/tool.sh")).isEqualTo(modified);
        }
    }

    @Test
    void addUrlWithAChecksumIsCachedWithoutDownloading() throws IOException {
        BuildFixture fixture = new BuildFixture(dir);
        try (HttpFiles http = new HttpFiles(null)) {
            http.put("/a.txt", "content\n".getBytes(StandardCharsets.UTF_8), null);
            String dockerfile = "FROM scratch\nADD --checksum=sha256:"
                    + "434728a410a78f56fc1b5899c3593436e61ab0c731e9072d95e96db290205e53 " + http.url() + "/a.txt /\n";
            fixture.build(dockerfile);
            http.put("/a.txt", "changed\n".getBytes(StandardCharsets.UTF_8), null);
            fixture.lastProgress();

            fixture.build(dockerfile);

            assertThat(fixture.lastProgress()).singleElement().asString().endsWith(" CACHED");
        }
    }

    @Test
    void addUrlWithoutAChecksumDownloadsAndRunsWhenTheContentChanged() throws IOException {
        BuildFixture fixture = new BuildFixture(dir);
        try (HttpFiles http = new HttpFiles(null)) {
            http.put("/a.txt", "one\n".getBytes(StandardCharsets.UTF_8), null);
            String dockerfile = "FROM scratch\nADD " + http.url() + "/a.txt /\n";
            fixture.build(dockerfile);
            fixture.build(dockerfile);
            assertThat(fixture.lastProgress()).last().asString().endsWith(" CACHED");
            http.put("/a.txt", "two\n".getBytes(StandardCharsets.UTF_8), null);

            fixture.build(dockerfile);

            assertThat(fixture.lastProgress()).singleElement().asString().contains(" DONE (" + http.url()
                    + "/a.txt changed").doesNotContain("CACHED");
        }
    }

    @Test
    void addGitRepositoryChecksOutTheRefWithoutItsGitDirectory() throws IOException {
        Path served = Files.createDirectories(dir.resolve("served"));
        String commit = gitRepository(served.resolve("repo.git"), Map.of("README", "git readme\n",
                "sub/file.txt", "in sub\n"));
        BuildFixture fixture = new BuildFixture(dir.resolve("build"));
        try (HttpFiles http = new HttpFiles(served)) {
            String url = http.url() + "/repo.git#main:sub";
            BuildResult result = fixture.build("FROM scratch\nADD " + url + " /src/\nADD --keep-git-dir "
                    + http.url() + "/repo.git /full/\n");

            assertThat(fixture.layers(result).get(0)).containsExactly("src directory 755 0:0",
                    "src/file.txt regular 644 0:0 in sub\\n");
            assertThat(fixture.layers(result).get(1)).contains("full/README regular 644 0:0 git readme\\n")
                    .anyMatch(line -> line.startsWith("full/.git/HEAD "));
            assertThat(new GitSource(http.url() + "/repo.git", java.util.Optional.of("main"),
                    java.util.Optional.empty()).resolveCommit()).isEqualTo(commit);
        }
    }

    @Test
    void aGitRepositoryCanBeTheBuildContext() throws IOException {
        Path served = Files.createDirectories(dir.resolve("served"));
        gitRepository(served.resolve("app.git"), Map.of("app/Dockerfile", "FROM scratch\nCOPY hello.txt /\n",
                "app/hello.txt", "hello from git\n"));
        BuildFixture fixture = new BuildFixture(dir.resolve("build"));
        try (HttpFiles http = new HttpFiles(served);
             BuildContext context = BuildContexts.git(GitSource.parse(http.url() + "/app.git#main:app").orElseThrow(),
                     "Dockerfile")) {
            byte[] dockerfile = Files.readAllBytes(context.root().resolve("Dockerfile"));
            BuildResult result = new Builder(fixture.store(), dev.lamina.builder.BaseImages.fromStore(fixture.store()),
                    RunStepExecutor.UNSUPPORTED).build(BuildRequest.of("Dockerfile", dockerfile, context),
                    BuildListener.NONE);

            assertThat(fixture.layers(result).get(0)).containsExactly("hello.txt regular 644 0:0 hello from git\\n");
        }
    }

    @Test
    void aTarOnStdinCanBeTheBuildContext() throws IOException {
        BuildFixture fixture = new BuildFixture(dir);
        TestBases.seed(fixture.store());
        byte[] tar = dev.lamina.image.testing.TestImages.tar(Map.of("Dockerfile",
                "FROM scratch\nCOPY in-tar.txt /\n".getBytes(StandardCharsets.UTF_8), "in-tar.txt",
                "from the tar\n".getBytes(StandardCharsets.UTF_8)));
        try (BuildContext context = BuildContexts.tar(new java.io.ByteArrayInputStream(
                dev.lamina.image.testing.TestImages.gzip(tar)), "Dockerfile", w -> { })) {
            BuildResult result = new Builder(fixture.store(), dev.lamina.builder.BaseImages.fromStore(fixture.store()),
                    RunStepExecutor.UNSUPPORTED).build(BuildRequest.of("Dockerfile",
                    Files.readAllBytes(context.root().resolve("Dockerfile")), context), BuildListener.NONE);
            assertThat(fixture.layers(result).get(0)).containsExactly("in-tar.txt regular 644 0:0 from the tar\\n");
            Path root = context.root();
            context.close();
            assertThat(root).doesNotExist();
        }
    }

    /** A bare repository at {@code bare} with one commit on main, served by dumb HTTP; returns the commit. */
    private String gitRepository(Path bare, Map<String, String> files) throws IOException {
        Path work = Files.createDirectories(dir.resolve("work-" + bare.getFileName()));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = work.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        git(work, "init", "-q", "-b", "main");
        git(work, "add", ".");
        git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "one");
        git(dir, "clone", "-q", "--bare", work.toString(), bare.toString());
        git(bare, "update-server-info");
        return git(work, "rev-parse", "HEAD").trim();
    }

    private static String git(Path in, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(Peers.require("git").toString(), "-C", in.toString()));
        command.addAll(List.of(args));
        return Peers.run(command).requireSuccess(command).stdout();
    }

    private static Instant timeOf(BuildFixture fixture, BuildResult result, String path) throws IOException {
        try (var blob = fixture.store().openBlob(fixture.manifest(result).layers().get(0).digest());
             var reader = dev.lamina.tarball.inspect.LayerReader.open(blob, Long.MAX_VALUE, "layer")) {
            for (var next = reader.next(); next.isPresent(); next = reader.next()) {
                if (next.get().path().equals(path)) {
                    return ((dev.lamina.tarball.inspect.LayerChange.Write) next.get()).entry().modTime();
                }
            }
        }
        throw new AssertionError(path + " not in the layer");
    }
}
