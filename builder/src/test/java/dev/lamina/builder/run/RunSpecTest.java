package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.LaminaException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSpecTest {
    static final Rootfs ROOT = new Rootfs.Directory(Path.of("/r"));

    @Test
    void defaultsAreARootStepInSlashOnTheHostNetwork() {
        RunSpec spec = RunSpec.of(ROOT, List.of("true"));

        assertThat(spec.user()).isEmpty();
        assertThat(spec.workdir()).isEqualTo("/");
        assertThat(spec.hostname()).isEqualTo(RunSpec.DEFAULT_HOSTNAME);
        assertThat(spec.network()).isEqualTo(NetworkMode.HOST);
        assertThat(spec.limits()).isEqualTo(Limits.NONE);
        assertThat(spec.stdio()).isEqualTo(Stdio.PIPE);
    }

    @Test
    void keepsTheEnvironmentsOrder() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("Z", "1");
        env.put("A", "2");

        assertThat(RunSpec.of(ROOT, List.of("true")).withEnv(env).env().keySet()).containsExactly("Z", "A");
    }

    @Test
    void refusesWhatTheKernelOrDockerWould() {
        assertThatThrownBy(() -> RunSpec.of(ROOT, List.of())).isInstanceOf(LaminaException.class);
        assertThatThrownBy(() -> RunSpec.of(ROOT, List.of("true")).withWorkdir("relative"))
                .hasMessage("the working directory must be an absolute path: relative");
        assertThatThrownBy(() -> RunSpec.of(ROOT, List.of("true")).withEnv(Map.of("A=B", "c")))
                .hasMessage("invalid environment variable name A=B");
        assertThatThrownBy(() -> RunSpec.of(ROOT, List.of("true")).withHostname("h".repeat(65)))
                .isInstanceOf(LaminaException.class);
        assertThatThrownBy(() -> Limits.NONE.withPids(0)).hasMessage("--pids-limit must be at least 1, not 0");
        assertThatThrownBy(() -> NetworkMode.parse("bridge"))
                .hasMessage("unsupported network mode bridge (expected host or none)");
    }

    @Test
    void describesHowTheCommandEnded() {
        assertThat(new RunResult(2, java.util.Optional.empty(), false, java.time.Duration.ZERO).describe())
                .isEqualTo("exit code 2");
        assertThat(new RunResult(137, java.util.Optional.of(9), false, java.time.Duration.ZERO).describe())
                .isEqualTo("killed by signal 9");
        assertThat(new RunResult(137, java.util.Optional.of(9), true, java.time.Duration.ZERO).describe())
                .isEqualTo("killed: out of memory (exit code 137)");
    }
}
