package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LimitOptionsTest {
    @Test
    void memorySizesReadAsDockerReadsThemInBinaryUnits() {
        assertThat(LimitOptions.bytes("1024")).isEqualTo(1024);
        assertThat(LimitOptions.bytes("512b")).isEqualTo(512);
        assertThat(LimitOptions.bytes("64k")).isEqualTo(64L << 10);
        assertThat(LimitOptions.bytes("64m")).isEqualTo(64L << 20);
        assertThat(LimitOptions.bytes("64MB")).isEqualTo(64L << 20);
        assertThat(LimitOptions.bytes("2g")).isEqualTo(2L << 30);
        assertThat(LimitOptions.bytes("2GiB")).isEqualTo(2L << 30);
        assertThat(LimitOptions.bytes("1t")).isEqualTo(1L << 40);
    }

    @Test
    void aSizeThatIsNotOneIsAUsageError() {
        for (String bad : new String[] {"", "m", "-1m", "0", "1.5g", "12x", "99999999999t"}) {
            assertThatThrownBy(() -> LimitOptions.bytes(bad)).as(bad).isInstanceOf(UsageException.class)
                    .hasMessageContaining("invalid --memory");
        }
    }

    @Test
    void cpusAndPidsMustBePositive() {
        LimitOptions options = new LimitOptions();
        options.cpus = 0.0;
        assertThatThrownBy(options::limits).hasMessage("--cpus must be positive: 0.0");
        options.cpus = 0.5;
        options.pidsLimit = 0L;
        assertThatThrownBy(options::limits).hasMessage("--pids-limit must be positive: 0");
    }
}
