package dev.lamina.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.builder.testing.BuildFixture;
import dev.lamina.builder.testing.HttpFiles;
import dev.lamina.builder.testing.TestBases;
import dev.lamina.image.store.GarbageCollector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input fails with one line naming the place, and leaves no name and a valid store. */
class BadInputTest {
    @TempDir
    Path dir;

    BuildFixture fixture;
    byte[] indexBefore;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new BuildFixture(dir);
        TestBases.seed(fixture.store());
        fixture.file("app.txt", "app\n");
        fixture.file("secret.key", "s\n");
        fixture.file(".dockerignore", "*.key\n");
        indexBefore = Files.readAllBytes(fixture.store().paths().indexJson());
    }

    @AfterEach
    void nothingWasNamedAndTheStoreIsValid() throws IOException {
        assertThat(Files.readAllBytes(fixture.store().paths().indexJson())).isEqualTo(indexBefore);
        new GarbageCollector(fixture.store(), List.of()).prune(); // a valid store can be collected
    }

    @Test
    void aMissingCopySourceIsNamed() {
        assertFails("FROM lamina.test/base:1\nENV A=1\nCOPY app.txt app.jar /app/\n",
                "Dockerfile:3: COPY: no such file in the build context: app.jar");
    }

    @Test
    void aSourceTheIgnoreFileExcludesNamesTheRule() {
        assertFails("FROM lamina.test/base:1\nCOPY secret.key /\n",
                "Dockerfile:2: COPY: no such file in the build context: secret.key (excluded by .dockerignore rule *.key)");
    }

    @Test
    void aBaseImageThatExistsNowhere() {
        assertFails("FROM scratch\nCOPY app.txt /\nFROM nosuch/image:1\n",
                "Dockerfile:3: FROM nosuch/image:1: no such image in the store: nosuch/image:1");
    }

    @Test
    void anUnknownStageInFromSuggestsTheStage() {
        assertFails("FROM lamina.test/base:1 AS build\nFROM scratch\nCOPY --from=buld /etc/passwd /\n",
                "Dockerfile:3: COPY --from=buld: no stage by that name (did you mean build?), and no such image: no"
                        + " such image in the store: buld:latest");
    }

    @Test
    void aStageCopiedFromBeforeItIsDefined() {
        assertFails("FROM scratch\nCOPY --from=later /a /\nFROM scratch AS later\n",
                "Dockerfile:2:1: cannot copy from stage \"later\", it needs to be defined before current stage \"\"");
    }

    @Test
    void aStageIndexThatDoesNotExist() {
        assertFails("FROM scratch\nCOPY --from=7 /a /\n", "Dockerfile:2:1: invalid stage index 7");
    }

    @Test
    void anUnknownTarget() {
        assertFails("FROM scratch AS one\nFROM scratch AS two\n", r -> r.withTarget(Optional.of("three")),
                "target stage \"three\" could not be found (stages: one, two)");
    }

    @Test
    void runSaysItIsNotSupportedYet() {
        assertFails("FROM lamina.test/base:1\nCOPY app.txt /\nRUN make\n",
                "Dockerfile:3: RUN is not supported by this lamina build yet");
    }

    @Test
    void anAddUrlThatFails() throws IOException {
        try (HttpFiles http = new HttpFiles(null)) {
            assertFails("FROM scratch\nADD " + http.url() + "/missing.tar /x/\n",
                    "Dockerfile:2: ADD: cannot download " + http.url() + "/missing.tar: HTTP 404");
        }
    }

    @Test
    void anAddUrlWhoseChecksumDiffers() throws IOException {
        try (HttpFiles http = new HttpFiles(null)) {
            http.put("/file.txt", "content\n".getBytes(StandardCharsets.UTF_8), null);
            String wrong = "sha256:" + "0".repeat(64);
            assertFails("FROM scratch\nADD --checksum=" + wrong + " " + http.url() + "/file.txt /x/\n",
                    "Dockerfile:2: ADD: checksum mismatch for " + http.url() + "/file.txt: expected " + wrong
                            + ", got sha256:434728a410a78f56fc1b5899c3593436e61ab0c731e9072d95e96db290205e53");
        }
    }

    @Test
    void copyRefusesUrlsAndChecksums() {
        assertFails("FROM scratch\nCOPY https://example.com/a /a\n",
                "Dockerfile:2: COPY: source can't be a URL for COPY");
    }

    @Test
    void aBadChmod() {
        assertFails("FROM scratch\nCOPY --chmod=999 app.txt /\n", "Dockerfile:2: COPY: invalid chmod parameter: '999'."
                + " it should be octal string and between 0 and 07777");
    }

    @Test
    void anUnknownChownUser() {
        assertFails("FROM lamina.test/base:1\nCOPY --chown=nobody app.txt /\n",
                "Dockerfile:2: COPY: --chown=nobody: unable to find user nobody: no matching entries in passwd file");
    }

    @Test
    void aWordThatCannotBeExpanded() {
        assertFails("FROM scratch\nENV A=${B:?required}\n", "Dockerfile:2: failed to process \"${B:?required}\":"
                + " B: required");
    }

    @Test
    void aBadStopSignal() {
        assertFails("FROM scratch\nSTOPSIGNAL SIGNOPE\n", "Dockerfile:2: Invalid signal: SIGNOPE");
    }

    @Test
    void aBadExposedPort() {
        assertFails("FROM scratch\nEXPOSE 80/http\n", "Dockerfile:2: invalid proto: http");
    }

    private void assertFails(String dockerfile, String message) {
        assertFails(dockerfile, r -> r, message);
    }

    private void assertFails(String dockerfile, UnaryOperator<BuildRequest> options, String message) {
        assertThatThrownBy(() -> fixture.build(dockerfile, options))
                .satisfies(e -> assertThat(e.getMessage()).isEqualTo(message).doesNotContain("\n"));
    }
}
