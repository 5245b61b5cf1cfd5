package dev.lamina.builder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.builder.testing.BuildFixture;
import dev.lamina.image.Platform;
import dev.lamina.image.json.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformAndArgsTest {
    @TempDir
    Path dir;

    @Test
    void theTargetPlatformSetsTheImagesPlatformAndTheAutomaticArgs() throws IOException {
        BuildFixture fixture = new BuildFixture(dir);
        BuildResult result = fixture.build("""
                FROM --platform=$BUILDPLATFORM scratch AS tools
                ARG TARGETARCH
                ENV TOOLS_FOR=$TARGETARCH
                FROM scratch
                ARG TARGETPLATFORM TARGETOS TARGETARCH BUILDARCH
                LABEL for=$TARGETPLATFORM os=$TARGETOS arch=$TARGETARCH
                """, r -> r.withPlatform(Optional.of(Platform.parse("linux/arm64/v8"))));

        var config = fixture.config(result);
        assertThat(config.platform().architecture()).isEqualTo("arm64");
        assertThat(config.config().labels()).containsEntry("for", "linux/arm64").containsEntry("arch", "arm64")
                .containsEntry("os", "linux");
        assertThat(config.history()).extracting(History::createdBy).first().asString()
                .isEqualTo("ARG TARGETPLATFORM=linux/arm64 TARGETOS=linux TARGETARCH=arm64 BUILDARCH="
                        + Platform.host().architecture());
    }

    @Test
    void argScopingFollowsBuildKit() throws IOException {
        BuildFixture fixture = new BuildFixture(dir);
        BuildResult result = fixture.build("""
                ARG GLOBAL=g
                ARG OVERRIDDEN=default
                FROM scratch
                ENV FROM_GLOBAL_BEFORE=${GLOBAL:-unset}
                ARG GLOBAL
                ARG OVERRIDDEN
                ARG LOCAL=l-$GLOBAL
                ENV VALUES="$GLOBAL $OVERRIDDEN $LOCAL"
                ARG LOCAL=$LOCAL-again
                ENV LOCAL=env-wins
                ARG LOCAL=ignored
                LABEL local=$LOCAL
                """, r -> r.withBuildArgs(Map.of("OVERRIDDEN", "from-cli")));

        var env = fixture.config(result).config().env();
        assertThat(env).contains("FROM_GLOBAL_BEFORE=unset", "VALUES=g from-cli l-g", "LOCAL=env-wins");
        assertThat(fixture.config(result).config().labels()).containsEntry("local", "env-wins");
        assertThat(fixture.progress()).noneMatch(p -> p.startsWith("warning: one or more build-args"));
    }
}
