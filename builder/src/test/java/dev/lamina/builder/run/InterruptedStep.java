package dev.lamina.builder.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.builder.testing.CapturingSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** A step whose caller is interrupted once the command has started: what it threw and how long it took. */
record InterruptedStep(Throwable failure, Duration toEnd) {
    /** Runs {@code spec}, whose command must print "started", and interrupts the calling thread then. */
    static InterruptedStep run(Runner runner, RunSpec spec) throws InterruptedException {
        CapturingSink sink = new CapturingSink();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                runner.run(spec, sink);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        caller.start();
        assertThat(sink.awaitStdout("started", Duration.ofSeconds(20))).as(sink.stderr()).isTrue();
        long start = System.nanoTime();
        caller.interrupt();
        caller.join(20_000);
        assertThat(caller.isAlive()).as("the caller returned").isFalse();
        return new InterruptedStep(failure.get(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Host processes whose argv is exactly {@code commandLine}'s words (not merely mentions them). */
    static List<Long> processes(String commandLine) {
        String wanted = commandLine.replace(' ', '\0') + "\0";
        return ProcessHandle.allProcesses().map(ProcessHandle::pid).filter(pid -> {
            try {
                return Files.readString(Path.of("/proc", pid.toString(), "cmdline")).equals(wanted);
            } catch (IOException e) {
                return false; // exited meanwhile
            }
        }).toList();
    }
}
