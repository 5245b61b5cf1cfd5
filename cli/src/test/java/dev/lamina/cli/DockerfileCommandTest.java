package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.json.Json;
import dev.lamina.image.testing.Conformance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lamina dockerfile parse}: the dump, the JSON document, and how parse errors are reported. */
class DockerfileCommandTest {
    @TempDir
    Path root;
    @TempDir
    Path work;

    private CliRunner cli;

    @BeforeEach
    void setUp() {
        cli = new CliRunner(root, work);
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(work.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void dumpPrintsBuildKitsParseTreeExactly() throws IOException {
        Path testcase = Conformance.require("buildkit").resolve("frontend/dockerfile/parser/testfiles/env");
        Files.copy(testcase.resolve("Dockerfile"), work.resolve("Dockerfile"));
        CliRunner.Result result = cli.run("dockerfile", "parse", "--format", "dump", "Dockerfile");
        assertThat(result.code()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.rawOut()).isEqualTo(Files.readAllBytes(testcase.resolve("result")));
    }

    @Test
    void jsonListsStagesInstructionsLocationsAndWarnings() throws IOException {
        write("Dockerfile", """
                # syntax=docker/dockerfile:1
                ARG BASE=alpine
                FROM --platform=$BUILDPLATFORM ${BASE} AS build
                RUN --mount=type=cache,target=/root/.cache \\
                    make
                COPY --from=build <<EOF /etc/motd
                hello $USER
                EOF
                MAINTAINER me
                """);
        CliRunner.Result result = cli.run("dockerfile", "parse", "Dockerfile");
        assertThat(result.code()).isZero();
        JsonNode doc = Json.readTree(result.rawOut(), "output");
        assertThat(doc.path("file").asText()).isEqualTo("Dockerfile");
        assertThat(doc.path("escape").asText()).isEqualTo("\\");
        assertThat(doc.path("syntax").asText()).isEqualTo("docker/dockerfile:1");
        assertThat(doc.path("check").isNull()).isTrue();
        assertThat(doc.path("globalArgs").get(0).path("args").get(0).path("default").asText()).isEqualTo("alpine");
        JsonNode stage = doc.path("stages").get(0);
        assertThat(stage.path("name").asText()).isEqualTo("build");
        assertThat(stage.path("base").asText()).isEqualTo("${BASE}");
        assertThat(stage.path("platform").asText()).isEqualTo("$BUILDPLATFORM");
        assertThat(stage.path("location").path("startLine").asInt()).isEqualTo(3);
        JsonNode run = stage.path("instructions").get(0);
        assertThat(run.path("instruction").asText()).isEqualTo("RUN");
        assertThat(run.path("expand").asText()).isEqualTo("none");
        assertThat(run.path("command").path("form").asText()).isEqualTo("shell");
        assertThat(run.path("command").path("args").get(0).asText()).isEqualTo("make");
        assertThat(run.path("mounts").get(0).asText()).isEqualTo("type=cache,target=/root/.cache");
        assertThat(run.path("location").path("endLine").asInt()).isEqualTo(5);
        JsonNode copy = stage.path("instructions").get(1);
        assertThat(copy.path("expand").asText()).isEqualTo("each-word");
        assertThat(copy.path("from").asText()).isEqualTo("build");
        assertThat(copy.path("inline").get(0).path("content").asText()).isEqualTo("hello $USER\n");
        assertThat(copy.path("destination").asText()).isEqualTo("/etc/motd");
        assertThat(doc.path("warnings").get(0).path("rule").asText()).isEqualTo("MaintainerDeprecated");
        assertThat(doc.path("warnings").get(0).path("location").path("startLine").asInt()).isEqualTo(9);
    }

    @Test
    void aParseErrorIsOneLineNamingFileLineAndColumn() throws IOException {
        write("Dockerfile", "FROM alpine\n  RUNN make\n");
        CliRunner.Result result = cli.run("dockerfile", "parse", "Dockerfile");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("lamina: error: Dockerfile:2:3: unknown instruction: RUNN (did you mean RUN?)\n");
    }

    @Test
    void dumpReportsRawParserErrorsTheSameWay() throws IOException {
        write("bad.Dockerfile", "FROM alpine\nCMD [\"a\", 1]\n");
        CliRunner.Result result = cli.run("dockerfile", "parse", "--format", "dump", "bad.Dockerfile");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("lamina: error: bad.Dockerfile:2:1: when using JSON array syntax, arrays"
                + " must be comprised of strings only\n");
    }

    @Test
    void aMissingFileFailsWithoutAStackTrace() {
        CliRunner.Result result = cli.run("dockerfile", "parse", "nope");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("lamina: error: no such file or directory: ").doesNotContain("Exception");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(cli.run("dockerfile", "parse").code()).isEqualTo(2);
        assertThat(cli.run("dockerfile", "parse", "--format", "yaml", "Dockerfile").code()).isEqualTo(2);
        assertThat(cli.run("dockerfile").code()).isEqualTo(2);
    }
}
