package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.builder.testing.BusyboxRootfs;
import dev.lamina.builder.testing.CapturingSink;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code lamina run} needs of the runner beyond a RUN step: stdin passed in, and docker's 126/127. */
@Tag("root")
class RunnerStdioTest {
    @TempDir
    static Path shared;
    static Path rootfs;
    static Runner runner;

    @BeforeAll
    static void setUp() {
        rootfs = BusyboxRootfs.create(shared.resolve("rootfs"));
        runner = Runner.namespaces(TestSettings.in(shared));
    }

    static RunSpec command(String... argv) {
        return RunSpec.of(new Rootfs.Directory(rootfs), List.of(argv));
    }

    @Test
    void givenStdinReachesTheCommandAndItsEndIsEndOfFile() {
        CapturingSink sink = new CapturingSink();
        InputStream in = new ByteArrayInputStream("one\ntwo\n".getBytes(StandardCharsets.UTF_8));

        RunResult result = runner.run(command("sh", "-c", "wc -l; cat; echo done"), in, sink);

        assertThat(result.exitCode()).as(sink.stderr()).isZero();
        assertThat(sink.stdout()).isEqualTo("2\ndone\n");
    }

    @Test
    void withoutGivenStdinTheCommandReadsNothing() {
        CapturingSink sink = new CapturingSink();

        RunResult result = runner.run(command("sh", "-c", "cat; echo end"), sink);

        assertThat(result.exitCode()).isZero();
        assertThat(sink.stdout()).isEqualTo("end\n");
    }

    @Test
    void aCommandThatStopsReadingEarlyEndsTheStepAnyway() {
        CapturingSink sink = new CapturingSink();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'y';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'y');
                return len;
            }
        };

        RunResult result = runner.run(command("head", "-c", "3"), endless, sink);

        assertThat(result.exitCode()).isZero();
        assertThat(sink.stdout()).isEqualTo("yyy");
    }

    @Test
    void aMissingCommandIsNotExecutableWithCode127() {
        assertThatThrownBy(() -> runner.run(command("no-such-command"), new CapturingSink()))
                .isInstanceOfSatisfying(CommandNotExecutable.class, e -> assertThat(e.exitCode()).isEqualTo(127))
                .hasMessage("cannot run no-such-command: cannot execute no-such-command: executable file not found"
                        + " in $PATH");
    }

    @Test
    void aFileThatCannotBeExecutedIsNotExecutableWithCode126() {
        assertThatThrownBy(() -> runner.run(command("/etc/passwd"), new CapturingSink()))
                .isInstanceOfSatisfying(CommandNotExecutable.class, e -> assertThat(e.exitCode()).isEqualTo(126))
                .hasMessageContaining("Permission denied");
    }

    @Test
    void aSetupFailureIsStillAnOrdinaryError() {
        assertThatThrownBy(() -> runner.run(command("true").withUser("nobody-here"), new CapturingSink()))
                .isNotInstanceOf(CommandNotExecutable.class)
                .hasMessageContaining("unable to find user nobody-here");
    }
}
