package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelperStatusTest {
    @Test
    void readsEachOutcomeAndTheTimings() {
        assertThat(HelperStatus.parse("exit 3\ntiming 1 2 3 4 5 6 7\n")).hasValue(
                new HelperStatus(new HelperStatus.Exited(3), List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L)));
        assertThat(HelperStatus.parse("signal 9\ntiming 1 2 3 4 5 6 7\n").orElseThrow().outcome())
                .isEqualTo(new HelperStatus.Signaled(9));
        assertThat(HelperStatus.parse("error cannot mount /proc: Operation not permitted\n").orElseThrow().outcome())
                .isEqualTo(new HelperStatus.Failed("cannot mount /proc: Operation not permitted"));
        assertThat(HelperStatus.parse("noexec 127 cannot execute x: not found\n").orElseThrow().outcome())
                .isEqualTo(new HelperStatus.NotExecuted(127, "cannot execute x: not found"));
    }

    @Test
    void anythingElseIsNoStatus() {
        assertThat(HelperStatus.parse("")).isEmpty();
        assertThat(HelperStatus.parse("exit three\n")).isEmpty();
        assertThat(HelperStatus.parse("garbage\n")).isEmpty();
        assertThat(HelperStatus.parse("noexec 127\n")).isEmpty();
    }
}
