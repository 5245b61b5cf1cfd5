package dev.lamina.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "linux/aarch64,       linux/arm64",
            "linux/arm64/v8,      linux/arm64",
            "linux/arm64/8,       linux/arm64",
            "linux/arm64/9.0,     linux/arm64/v9",
            "linux/x86_64,        linux/amd64",
            "linux/x86-64,        linux/amd64",
            "linux/amd64/v1,      linux/amd64",
            "linux/amd64/v3,      linux/amd64/v3",
            "linux/i386,          linux/386",
            "linux/armhf,         linux/arm/v7",
            "linux/armel,         linux/arm/v6",
            "linux/arm,           linux/arm/v7",
            "linux/arm/6,         linux/arm/v6",
            "Linux/AMD64,         linux/amd64",
            "macos/arm64,         darwin/arm64",
    })
    void normalisesAsContainerd(String input, String expected) {
        assertThat(Platform.parse(input).toString()).isEqualTo(expected);
    }

    @Test
    void bareArchitectureTakesTheHostOs() {
        assertThat(Platform.parse("arm64")).isEqualTo(Platform.of("linux", "arm64", ""));
    }

    @Test
    void bareOsTakesTheHostArchitecture() {
        assertThat(Platform.parse("linux").architecture()).isEqualTo(Platform.host().architecture());
    }

    @Test
    void arm64WithoutVariantIsV8() {
        Platform want = Platform.parse("linux/arm64/v8");
        assertThat(want.canRun(Platform.of("linux", "aarch64", ""))).isTrue();
        assertThat(want.canRun(Platform.of("linux", "arm64", "v8"))).isTrue();
    }

    @Test
    void olderArmVariantsRunOnNewerButNotTheReverse() {
        Platform v7 = Platform.parse("linux/arm/v7");
        assertThat(v7.canRun(Platform.parse("linux/arm/v6"))).isTrue();
        assertThat(Platform.parse("linux/arm/v6").canRun(v7)).isFalse();
    }

    @Test
    void picksTheExactMatchOverACompatibleOne() {
        record Entry(String name, Platform platform) {
        }
        List<Entry> entries = List.of(
                new Entry("v5", Platform.parse("linux/arm/v5")),
                new Entry("amd", Platform.parse("linux/amd64")),
                new Entry("v7", Platform.parse("linux/arm/v7")),
                new Entry("v6", Platform.parse("linux/arm/v6")));
        Function<Entry, Optional<Platform>> platformOf = e -> Optional.of(e.platform());
        assertThat(Platform.parse("linux/arm/v7").best(entries, platformOf)).map(Entry::name).contains("v7");
        assertThat(Platform.parse("linux/arm/v6").best(entries, platformOf)).map(Entry::name).contains("v6");
        assertThat(Platform.parse("linux/s390x").best(entries, platformOf)).isEmpty();
        assertThat(Platform.parse("windows/amd64").best(entries, platformOf)).isEmpty();
    }

    @Test
    void rejectsMalformedSpecifiers() {
        assertThatThrownBy(() -> Platform.parse("linux//amd64")).hasMessageContaining("invalid platform");
        assertThatThrownBy(() -> Platform.parse("a/b/c/d")).hasMessageContaining("invalid platform");
    }
}
