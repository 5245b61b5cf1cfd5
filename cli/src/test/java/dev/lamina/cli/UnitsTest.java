package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Sizes, truncation and columns exactly as Docker's formatter writes them. */
class UnitsTest {
    @Test
    void sizesHaveThreeSignificantDigitsInDecimalUnitsAsGoUnitsWritesThem() {
        assertThat(Units.humanSize(0)).isEqualTo("0B");
        assertThat(Units.humanSize(999)).isEqualTo("999B");
        assertThat(Units.humanSize(1000)).isEqualTo("1kB");
        assertThat(Units.humanSize(182_964_289)).isEqualTo("183MB");
        assertThat(Units.humanSize(4_261_123)).isEqualTo("4.26MB");
        assertThat(Units.humanSize(1_500)).isEqualTo("1.5kB");
    }

    @Test
    void sizesRoundHalfToEvenAndWriteAThousandAsGoWritesIt() {
        // Go's %.3g rounds the exact binary value: 1.125 and 1.375 are ties and go to even, 1.005 is just below
        assertThat(Units.humanSize(1_125)).isEqualTo("1.12kB");
        assertThat(Units.humanSize(1_375)).isEqualTo("1.38kB");
        assertThat(Units.humanSize(1_005)).isEqualTo("1kB");
        // 999.6 rounds up to 1.00e+03, which %g writes in exponent form
        assertThat(Units.humanSize(999_600)).isEqualTo("1e+03kB");
        assertThat(Units.humanSize(999_499)).isEqualTo("999kB");
    }

    @Test
    void sizesAreReadWithDecimalOrBinaryUnits() {
        assertThat(Units.parseSize("1024")).isEqualTo(1024);
        assertThat(Units.parseSize("20MB")).isEqualTo(20_000_000);
        assertThat(Units.parseSize("1.5g")).isEqualTo(1_500_000_000);
        assertThat(Units.parseSize("64MiB")).isEqualTo(64L << 20);
        assertThatThrownBy(() -> Units.parseSize("lots")).isInstanceOf(UsageException.class);
    }

    @Test
    void ellipsisCutsToDisplayColumnsAsDockerDoes() {
        assertThat(Units.ellipsis("short", 45)).isEqualTo("short");
        assertThat(Units.ellipsis("x".repeat(45), 45)).isEqualTo("x".repeat(45));
        assertThat(Units.ellipsis("x".repeat(46), 45)).isEqualTo("x".repeat(44) + "…");
        // wide characters take two columns
        assertThat(Units.ellipsis("日本語のテキスト", 7)).isEqualTo("日本語…");
        assertThat(Units.ellipsis("日本語", 6)).isEqualTo("日本語");
    }

    @Test
    void tablesPadCellsToTheWidestPlusThreeAndAtLeastTenLikeDockersTabwriter() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Table("A", "LONGER HEADER", "LAST").row("x", "y", "").row("wide cell here", "z", "end")
                .print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "A                LONGER HEADER   LAST\n"
                        + "x                y               \n"
                        + "wide cell here   z               end\n");
    }
}
