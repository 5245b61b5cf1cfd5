package dev.lamina.builder.run;

import dev.lamina.image.LaminaException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the process that runs the command (the helper, or an OCI runtime): its output goes to the sink as it
 * comes, and an interrupted caller gets the step's process tree killed before it returns.
 */
final class ProcessRun {
    /** How long a cancelled step may take to die and clean up before lamina stops waiting. */
    private static final long CANCEL_GRACE_SECONDS = 10;

    private ProcessRun() {
    }

    /** The started process and when it was asked for, for the timings. */
    record Started(Process process, long spawning) {
    }

    static Started start(List<String> command, Stdio stdio) {
        return start(command, stdio, false);
    }

    /** @param pipeInput with {@link Stdio#PIPE}: the command's stdin is a pipe the caller feeds, not empty */
    static Started start(List<String> command, Stdio stdio, boolean pipeInput) {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (stdio.usesOwnStreams()) {
            builder.inheritIO();
        } else if (!pipeInput) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        long spawning = System.nanoTime();
        try {
            return new Started(builder.start(), spawning);
        } catch (IOException e) {
            throw new LaminaException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Streams the output to {@code sink} and waits for the process. If the calling thread is interrupted,
     * {@code cancel} is asked to kill the step, the process is awaited, and a {@link LaminaException} says
     * the step was interrupted (the thread's interrupt status is kept).
     */
    static int await(Process process, Stdio stdio, OutputSink sink, Consumer<Process> cancel) {
        return await(process, stdio, Optional.empty(), sink, cancel);
    }

    /** As above, copying {@code stdin} (when given, with {@link Stdio#PIPE}) to the process's input. */
    static int await(Process process, Stdio stdio, Optional<InputStream> stdin, OutputSink sink,
            Consumer<Process> cancel) {
        List<Thread> pumps = new ArrayList<>();
        if (stdio == Stdio.PIPE && stdin.isPresent()) {
            feed(stdin.get(), process.getOutputStream());
        }
        if (stdio == Stdio.PIPE) {
            pumps.add(pump(process.getInputStream(), sink::stdout, "stdout"));
            pumps.add(pump(process.getErrorStream(), sink::stderr, "stderr"));
        }
        try {
            int code = process.waitFor();
            for (Thread pump : pumps) {
                pump.join();
            }
            return code;
        } catch (InterruptedException e) {
            cancel.accept(process);
            try {
                if (!process.waitFor(CANCEL_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException again) {
                process.destroyForcibly();
            }
            Thread.currentThread().interrupt();
            throw new LaminaException("interrupted: the command was killed");
        }
    }

    /**
     * Copies {@code in} to the command's stdin, closing it at the end so the command sees end-of-file. Not
     * joined: the caller's stream may block for ever (a terminal) after the command has gone, and the thread
     * must not keep lamina waiting; it stops at the first write that fails because the command has exited.
     */
    private static void feed(InputStream in, OutputStream out) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (out) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the command closed its input or ended: nothing more to give it
            }
        }, "lamina-run-stdin");
        thread.setDaemon(true);
        thread.start();
    }

    interface Chunks {
        void accept(byte[] bytes, int offset, int length);
    }

    private static Thread pump(InputStream in, Chunks sink, String name) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            boolean sinkWorks = true;
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    // A failed sink must not stop the draining, or the command would block on a full pipe.
                    if (sinkWorks) {
                        try {
                            sink.accept(buffer, 0, n);
                        } catch (RuntimeException e) {
                            sinkWorks = false;
                        }
                    }
                }
            } catch (IOException e) {
                // The process went away: its exit status tells the rest.
            }
        }, "lamina-run-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
