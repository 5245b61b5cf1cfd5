package dev.lamina.builder.testing;

import dev.lamina.builder.run.OutputSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Collects a command's output, and lets a test wait until the command has printed something. */
public final class CapturingSink implements OutputSink {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Override
    public synchronized void stdout(byte[] bytes, int offset, int length) {
        out.write(bytes, offset, length);
        notifyAll();
    }

    @Override
    public synchronized void stderr(byte[] bytes, int offset, int length) {
        err.write(bytes, offset, length);
        notifyAll();
    }

    public synchronized String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    public synchronized String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Waits until stdout contains {@code text}; false if it did not within {@code timeout}. */
    public synchronized boolean awaitStdout(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stdout().contains(text)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
