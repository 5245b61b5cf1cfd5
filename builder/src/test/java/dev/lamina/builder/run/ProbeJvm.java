package dev.lamina.builder.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@link RunnerProbe} in a JVM of its own, whose output a test can wait on. */
final class ProbeJvm implements AutoCloseable {
    private final Process process;
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();

    private ProbeJvm(Process process) {
        this.process = process;
        collect(process.getInputStream(), stdout);
        collect(process.getErrorStream(), stderr);
    }

    /**
     * Starts the probe, prefixed by {@code wrapper} (e.g. setpriv to drop privileges), with a class path of
     * plain directories so that a user without access to the build's repository can load it.
     */
    static ProbeJvm start(List<String> wrapper, List<String> probeArgs) {
        return start(wrapper, probeArgs, Map.of());
    }

    static ProbeJvm start(List<String> wrapper, List<String> probeArgs, Map<String, String> env) {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classPath(),
                RunnerProbe.class.getName()));
        command.addAll(probeArgs);
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            return new ProbeJvm(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The builder's, the tarball's and the image module's classes, which are all the probe needs. */
    private static String classPath() {
        Path project = Path.of(System.getProperty("lamina.projectRoot", "."));
        return String.join(":", project.resolve("builder/target/classes").toString(),
                project.resolve("builder/target/test-classes").toString(),
                project.resolve("tarball/target/classes").toString(), project.resolve("image/target/classes").toString());
    }

    private static void collect(java.io.InputStream in, StringBuffer into) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    into.append(line).append('\n');
                }
            } catch (IOException e) {
                // the probe is gone
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    Process process() {
        return process;
    }

    String stdout() {
        return stdout.toString();
    }

    String stderr() {
        return stderr.toString();
    }

    boolean awaitStdout(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stdout().contains(text)) {
            if (System.nanoTime() > deadline || !process.isAlive() && !stdout().contains(text)) {
                return stdout().contains(text);
            }
            Thread.sleep(10);
        }
        return true;
    }

    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the probe did not finish within " + timeout + "; stderr: " + stderr());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
