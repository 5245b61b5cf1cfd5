package dev.lamina.builder.runstep;

import dev.lamina.builder.BuildException;
import dev.lamina.builder.RunOutcome;
import dev.lamina.builder.RunStep;
import dev.lamina.builder.RunStepExecutor;
import dev.lamina.builder.run.Limits;
import dev.lamina.builder.run.NetworkMode;
import dev.lamina.builder.run.OutputSink;
import dev.lamina.builder.run.Rootfs;
import dev.lamina.builder.run.RunResult;
import dev.lamina.builder.run.RunSpec;
import dev.lamina.builder.run.Runner;
import dev.lamina.builder.run.RunnerSettings;
import dev.lamina.builder.run.Stdio;
import dev.lamina.image.LaminaException;
import dev.lamina.image.io.TempNames;
import dev.lamina.tarball.fs.FileSystemOps;
import dev.lamina.tarball.fs.HostFileSystem;
import dev.lamina.tarball.layer.LayerBlob;
import dev.lamina.tarball.layer.LayerOptions;
import dev.lamina.tarball.layer.LayerSink;
import dev.lamina.tarball.layer.LayerWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * lamina's RUN: the step's command runs through a {@link Runner} over the stage's layers, and its changes become
 * the step's layer.
 * <ul>
 * <li><b>overlay</b> (root, overlayfs): the lower directories are the stage's extracted layers
 * ({@link ExtractedLayers}, one per layer, made once per store), the upper one is the step's own, and the layer is
 * read from the upper directory: the snapshot costs what the step changed;</li>
 * <li><b>walk</b> (no overlayfs, rootless, more layers than one overlay mount takes, or
 * {@code LAMINA_SNAPSHOTTER=walk}): the command runs in a copy of the chain's whole file system and a metadata walk
 * finds what it touched.</li>
 * </ul>
 * Both write the layer with the same rules ({@link DiffWriter}), so they give the same layer. The step's scratch
 * directory lives in the store's {@code snapshots/tmp/} and is removed when the step ends, or by a shutdown hook
 * when lamina is interrupted; the command's processes die with the step (the runner sees to it).
 */
public final class RunSteps implements RunStepExecutor {
    /** Which snapshotter: {@code auto} (overlay where it works), {@code overlay} or {@code walk}. */
    public static final String ENV_SNAPSHOTTER = "LAMINA_SNAPSHOTTER";

    /** How RUN steps find their changes. */
    public enum Snapshotter {
        AUTO, OVERLAY, WALK;

        public static Snapshotter parse(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "", "auto" -> AUTO;
                case "overlay" -> OVERLAY;
                case "walk" -> WALK;
                default -> throw new LaminaException("unknown snapshotter " + value + " (expected auto, overlay or walk)");
            };
        }

        /** From {@code $LAMINA_SNAPSHOTTER}, {@code auto} when unset. */
        public static Snapshotter fromEnvironment() {
            return parse(Optional.ofNullable(System.getenv(ENV_SNAPSHOTTER)).orElse(""));
        }
    }

    /**
     * How long each phase of a step took, for benchmarks and {@code --debug}: {@code prepare} (layers extracted or
     * found, the root and mounts made), {@code run} (the command, through the runner), {@code diff} (finding what
     * changed: the snapshot proper) and {@code write} (the layer written into the store: tar, gzip, digest, fsync).
     */
    public record Timings(String snapshotter, Duration prepare, Duration run, Duration diff, Duration write) {
        /** The snapshot: finding the changes and writing them as a layer. */
        public Duration snapshot() {
            return diff.plus(write);
        }
    }

    private static final Set<Path> ACTIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path dir : ACTIVE) {
                try {
                    HostFileSystem.create().deleteRecursively(dir);
                } catch (IOException | RuntimeException e) {
                    // best effort: prune sweeps what is left
                }
            }
        }, "lamina-run-cleanup"));
    }

    private final Runner runner;
    private final Snapshotter snapshotter;
    private final Consumer<Timings> timings;
    private final FileSystemOps fs = HostFileSystem.create();
    private final java.util.concurrent.atomic.AtomicBoolean warmed = new java.util.concurrent.atomic.AtomicBoolean();

    public RunSteps(Runner runner, Snapshotter snapshotter, Consumer<Timings> timings) {
        this.runner = runner;
        this.snapshotter = snapshotter;
        this.timings = timings;
    }

    /**
     * The snapshot's code runs once per step, in a JVM that often runs one step: the native library for xattrs
     * (~50 ms to load) and the layer writer's classes are loaded on a daemon thread while the first command runs,
     * rather than inside the first snapshot.
     */
    private void warmUp(LayerOptions options) {
        if (!warmed.compareAndSet(false, true)) {
            return;
        }
        Thread warm = new Thread(() -> {
            try {
                fs.xattrs(Path.of("/"));
                try (LayerWriter writer = LayerWriter.open(LayerSink.to(OutputStream.nullOutputStream()), options)) {
                    writer.whiteout("warm");
                    writer.finish();
                }
            } catch (IOException | RuntimeException e) {
                // the step itself will say what is wrong, if anything is
            }
        }, "lamina-snapshot-warmup");
        warm.setDaemon(true);
        warm.start();
    }

    /** lamina's own runner with the host's defaults, the snapshotter from the environment. */
    public static RunSteps defaults(Consumer<Timings> timings) {
        return new RunSteps(Runner.namespaces(RunnerSettings.defaults()), Snapshotter.fromEnvironment(), timings);
    }

    @Override
    public RunOutcome execute(RunStep step, OutputStream output) throws IOException {
        if (step.security().equals("insecure")) {
            throw new BuildException(step.instruction() + ": --security=insecure is not supported by lamina");
        }
        long t0 = System.nanoTime();
        warmUp(step.layerOptions());
        ExtractedLayers extracted = new ExtractedLayers(step.store());
        Path scratch = step.store().paths().snapshots().resolve("tmp").resolve("run-" + TempNames.unique());
        ACTIVE.add(scratch);
        try (MountPlan mounts = MountPlan.resolve(step, extracted, scratch.resolve("mounts"))) {
            Files.createDirectories(scratch);
            boolean overlay = useOverlay(step, extracted);
            Rootfs rootfs;
            Tree base;
            WalkDiff walk = null;
            Path upper = scratch.resolve("upper");
            if (overlay) {
                List<Path> lowers = extracted.lowerDirs(step.layers());
                Files.createDirectories(upper);
                Files.createDirectories(scratch.resolve("work"));
                rootfs = new Rootfs.Overlay(lowers, upper, scratch.resolve("work"));
                base = Tree.overlay(lowers, fs);
            } else {
                Path pristine = extracted.rootfs(step.layers());
                Path root = scratch.resolve("rootfs");
                Copies.copyTree(pristine, root);
                walk = WalkDiff.record(root);
                rootfs = new Rootfs.Directory(root);
                base = Tree.directory(pristine, fs);
            }
            RunSpec spec = new RunSpec(rootfs, step.argv(), mounts.environment(step.env()), step.user(), step.workdir(),
                    RunSpec.DEFAULT_HOSTNAME, NetworkMode.parse(step.network()), mounts.mounts(), limits(step),
                    Stdio.PIPE);
            long t1 = System.nanoTime();
            RunResult result;
            try {
                result = runner.run(spec, OutputSink.to(output, output));
            } catch (BuildException e) {
                throw e;
            } catch (LaminaException e) {
                throw new BuildException(step.instruction() + ": " + e.getMessage(), e);
            }
            if (!result.succeeded()) {
                throw new BuildException(step.instruction() + ": " + result.describe());
            }
            long t2 = System.nanoTime();
            Map<String, DiffWriter.Kind> changes = overlay ? OverlayDiff.changes(upper, base, fs) : walk.changes();
            Tree after = overlay ? Tree.directory(upper, fs) : Tree.directory(((Rootfs.Directory) rootfs).path(), fs);
            DiffWriter.Plan plan = new DiffWriter(base, after).plan(changes);
            long tDiff = System.nanoTime();
            RunOutcome outcome;
            FileSystemOps layerFs = runner.userNamespace().<FileSystemOps>map(ns -> new OwnersInside(fs, ns)).orElse(fs);
            try (LayerWriter writer = LayerWriter.open(LayerSink.toStore(step.store()), step.layerOptions(), layerFs)) {
                int written = plan.write(writer);
                if (written == 0) {
                    outcome = new RunOutcome.Unchanged();
                } else {
                    LayerBlob blob = writer.finish();
                    outcome = new RunOutcome.Changed(blob);
                }
            }
            long t3 = System.nanoTime();
            timings.accept(new Timings(overlay ? "overlay" : "walk", Duration.ofNanos(t1 - t0),
                    Duration.ofNanos(t2 - t1), Duration.ofNanos(tDiff - t2), Duration.ofNanos(t3 - tDiff)));
            return outcome;
        } finally {
            try {
                if (Files.exists(scratch)) {
                    fs.deleteRecursively(scratch);
                }
            } finally {
                ACTIVE.remove(scratch);
            }
        }
    }

    private boolean useOverlay(RunStep step, ExtractedLayers extracted) {
        return switch (snapshotter) {
            case WALK -> false;
            case OVERLAY -> {
                if (!fs.privileged()) {
                    throw new BuildException(step.instruction() + ": the overlay snapshotter needs root"
                            + " (set " + ENV_SNAPSHOTTER + "=walk)");
                }
                yield true;
            }
            case AUTO -> extracted.overlayUsable(step.layers());
        };
    }

    private static Limits limits(RunStep step) {
        return new Limits(step.options().memoryBytes().map(OptionalLong::of).orElse(OptionalLong.empty()),
                step.options().cpus().map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                step.options().pidsLimit().map(OptionalLong::of).orElse(OptionalLong.empty()));
    }
}
