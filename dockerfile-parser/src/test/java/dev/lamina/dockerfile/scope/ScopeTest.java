package dev.lamina.dockerfile.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.dockerfile.Dockerfile;
import dev.lamina.dockerfile.DockerfileException;
import dev.lamina.dockerfile.instructions.Arg;
import dev.lamina.dockerfile.instructions.Stage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BuildKit's ARG and ENV scoping, as the Dockerfile reference documents it. */
class ScopeTest {
    private static final Map<String, String> PLATFORM = PlatformArgs.of("linux/arm64/v8", "linux/amd64");

    private static Dockerfile parse(String text) {
        return Dockerfile.parse("Dockerfile", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void platformArgsAreSplitIntoTheirParts() {
        assertThat(PLATFORM).containsEntry("TARGETPLATFORM", "linux/arm64/v8").containsEntry("TARGETOS", "linux")
                .containsEntry("TARGETARCH", "arm64").containsEntry("TARGETVARIANT", "v8")
                .containsEntry("BUILDPLATFORM", "linux/amd64").containsEntry("BUILDVARIANT", "");
    }

    @Test
    void globalArgsResolveInOrderWithBuildArgsWinning() {
        Dockerfile d = parse("ARG OS=debian\nARG IMAGE=${OS}:${TAG:-12}-$TARGETARCH\nARG EMPTY\nFROM $IMAGE\n");
        GlobalScope global = GlobalScope.resolve(d.globalArgs(), Map.of("OS", "ubuntu"), PLATFORM, d.lexer());
        assertThat(global.get("IMAGE")).hasValue("ubuntu:12-arm64");
        assertThat(global.get("EMPTY")).hasValue("");
        assertThat(global.usedBuildArgs()).containsExactly("OS");
        assertThat(d.lexer().expand(d.stages().get(0).from().baseName(), global)).isEqualTo("ubuntu:12-arm64");
    }

    @Test
    void aStageSeesGlobalAndPlatformArgsOnlyOnceRedeclared() {
        Dockerfile d = parse("ARG VERSION=1.2\nFROM a\nARG VERSION\nARG TARGETOS\nARG LOCAL=$VERSION-x\nARG NONE\n");
        GlobalScope global = GlobalScope.resolve(d.globalArgs(), Map.of(), PLATFORM, d.lexer());
        Stage stage = d.stages().get(0);
        StageScope scope = new StageScope(Map.of(), Map.of(), global, PLATFORM, d.lexer());
        assertThat(scope.get("VERSION")).isEmpty();
        stage.instructions().forEach(i -> scope.declare((Arg) i));
        assertThat(scope.get("VERSION")).hasValue("1.2");
        assertThat(scope.get("TARGETOS")).hasValue("linux");
        assertThat(scope.get("LOCAL")).hasValue("1.2-x");
        assertThat(scope.get("NONE")).isEmpty();
        assertThat(scope.get("TARGETARCH")).isEmpty();
    }

    @Test
    void envAlwaysOverridesAnArgOfTheSameName() {
        Dockerfile d = parse("FROM a\nARG MODE=debug\n");
        StageScope scope = new StageScope(Map.of("MODE", "image"), Map.of("MODE", "cli"),
                GlobalScope.resolve(d.globalArgs(), Map.of(), PLATFORM, d.lexer()), PLATFORM, d.lexer());
        scope.declare((Arg) d.stages().get(0).instructions().get(0));
        assertThat(scope.args()).containsEntry("MODE", "cli");
        assertThat(scope.usedBuildArgs()).containsExactly("MODE");
        assertThat(scope.get("MODE")).hasValue("image");
        scope.setEnv("MODE", "env");
        assertThat(scope.get("MODE")).hasValue("env");
    }

    @Test
    void aDefaultThatCannotExpandFailsAtItsArg() {
        Dockerfile d = parse("ARG A=${B:?required}\nFROM a\n");
        assertThatThrownBy(() -> GlobalScope.resolve(d.globalArgs(), Map.of(), PLATFORM, d.lexer()))
                .isInstanceOfSatisfying(DockerfileException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("Dockerfile:1:1: failed to process \"${B:?required}\": B: required"));
    }
}
