package dev.lamina.builder.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoFormatTest {

    @Test
    void anIntegerQuotedWithPercentQReadsAsTheRuneGoPrints() {
        assertThat(GoFormat.quotedRune(0)).isEqualTo("'\\x00'");
        assertThat(GoFormat.quotedRune(3)).isEqualTo("'\\x03'");
        assertThat(GoFormat.quotedRune(10)).isEqualTo("'\\n'");
        assertThat(GoFormat.quotedRune(39)).isEqualTo("'\\''");
        assertThat(GoFormat.quotedRune(65)).isEqualTo("'A'");
        assertThat(GoFormat.quotedRune(127)).isEqualTo("'\\x7f'");
        assertThat(GoFormat.quotedRune(0x85)).isEqualTo("'\\u0085'");
        assertThat(GoFormat.quotedRune(0xe9)).isEqualTo("'é'");
        assertThat(GoFormat.quotedRune(-1)).isEqualTo("'\\uFFFD'");
    }

    @Test
    void durationsReadAsGoDurationString() {
        assertThat(GoFormat.duration(Duration.ZERO)).isEqualTo("0s");
        assertThat(GoFormat.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(GoFormat.duration(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(GoFormat.duration(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(GoFormat.duration(Duration.ofHours(2))).isEqualTo("2h0m0s");
    }
}
