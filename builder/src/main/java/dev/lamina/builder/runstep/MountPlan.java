package dev.lamina.builder.runstep;

import dev.lamina.builder.BuildException;
import dev.lamina.builder.RunMountSource;
import dev.lamina.builder.RunStep;
import dev.lamina.builder.run.RunMount;
import dev.lamina.dockerfile.instructions.Mount;
import dev.lamina.image.Digest;
import dev.lamina.image.io.TempNames;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.fs.FileSystemOps;
import dev.lamina.tarball.fs.HostFileSystem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A step's {@code RUN --mount}s made into the runner's mounts, BuildKit's way:
 * <ul>
 * <li>{@code bind}: from the build context, or from a stage or image ({@code from=}, its layers' extracted file
 * system); read-only unless {@code rw}, and then a throw-away copy, so the changes are discarded;</li>
 * <li>{@code cache}: a directory in the store ({@code lamina/run-cache/}, by {@code id}, the target by default),
 * kept across builds and never part of a layer; {@code sharing=shared} (default), {@code locked} (one step at a
 * time, others wait) or {@code private} (a fresh directory when another step holds it);</li>
 * <li>{@code tmpfs}: an empty tmpfs;</li>
 * <li>{@code secret}: the file given with {@code --secret id=…,src=…}, in a tmpfs private to the step (or, with
 * {@code env=}, an environment variable of the command only); never in a layer, the history or the config;</li>
 * <li>{@code ssh}: refused, in one line.</li>
 * </ul>
 * Relative targets are under the working directory, as in BuildKit. Closing releases cache locks.
 */
final class MountPlan implements AutoCloseable {
    private final List<RunMount> mounts = new ArrayList<>();
    private final Map<String, String> secretEnv = new LinkedHashMap<>();
    private final List<AutoCloseable> held = new ArrayList<>();

    private MountPlan() {
    }

    static MountPlan resolve(RunStep step, ExtractedLayers extracted, Path scratch) throws IOException {
        MountPlan plan = new MountPlan();
        try {
            int n = 0;
            for (RunMountSource source : step.mounts()) {
                plan.add(step, source, extracted, scratch.resolve(Integer.toString(n++)));
            }
            return plan;
        } catch (IOException | RuntimeException e) {
            plan.close();
            throw e;
        }
    }

    List<RunMount> mounts() {
        return mounts;
    }

    /** The step's environment with the secrets a mount exposes as variables. */
    Map<String, String> environment(Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.putAll(secretEnv);
        return all;
    }

    private void add(RunStep step, RunMountSource source, ExtractedLayers extracted, Path scratch) throws IOException {
        Mount mount = source.mount();
        switch (mount.type()) {
            case "bind" -> bind(step, source, extracted, scratch);
            case "cache" -> cache(step, mount, scratch);
            case "tmpfs" -> mounts.add(new RunMount.Tmpfs(target(step, mount),
                    mount.size().map(OptionalLong::of).orElse(OptionalLong.empty())));
            case "secret" -> secret(step, mount);
            case "ssh" -> throw new BuildException(step.instruction() + ": --mount=type=ssh is not supported by lamina"
                    + " (no SSH agent forwarding); fetch with a secret mount instead");
            default -> throw new BuildException(step.instruction() + ": unsupported mount type " + mount.type());
        }
    }

    private void bind(RunStep step, RunMountSource source, ExtractedLayers extracted, Path scratch) throws IOException {
        Mount mount = source.mount();
        String relative = relative(mount.source().orElse("/"), step, "source");
        Path host;
        if (source.fromLayers().isPresent()) {
            Path root = extracted.rootfs(source.fromLayers().get());
            host = Tree.directory(root, HostFileSystem.create()).find(relative).orElseThrow(() -> new BuildException(
                    step.instruction() + ": bind mount source " + mount.source().orElse("/") + " not found in "
                            + mount.from().orElse("")));
        } else {
            Path context = step.contextRoot().toAbsolutePath().normalize();
            host = relative.isEmpty() ? context : context.resolve(relative).normalize();
            if (!host.startsWith(context) || !Files.exists(host)) {
                throw new BuildException(step.instruction() + ": bind mount source " + mount.source().orElse(".")
                        + " not found in the build context");
            }
        }
        if (!mount.readOnly()) {
            Path copy = scratch.resolve("rw");
            Files.createDirectories(scratch);
            if (Files.isDirectory(host)) {
                Copies.copyTree(host, copy);
            } else {
                Files.copy(host, copy, StandardCopyOption.COPY_ATTRIBUTES);
            }
            host = copy;
        }
        mounts.add(new RunMount.Bind(host, target(step, mount), mount.readOnly()));
    }

    private void cache(RunStep step, Mount mount, Path scratch) throws IOException {
        if (mount.from().isPresent()) {
            throw new BuildException(step.instruction() + ": --mount=type=cache,from= is not supported by lamina");
        }
        String target = target(step, mount);
        String id = mount.id().orElse(target);
        Store store = step.store();
        Path caches = cacheRoot(store);
        String key = Digest.sha256(id.getBytes(StandardCharsets.UTF_8)).hex();
        Path dir = caches.resolve(key);
        String sharing = mount.sharing().orElse("shared");
        switch (sharing) {
            case "shared" -> { }
            case "locked" -> held.add(lock(caches.resolve(key + ".lock"), true).orElseThrow());
            case "private" -> {
                Optional<AutoCloseable> lock = lock(caches.resolve(key + ".lock"), false);
                if (lock.isEmpty()) {
                    Files.createDirectories(scratch);
                    dir = create(scratch.resolve("private"), mount);
                    mounts.add(new RunMount.Cache(dir, target));
                    return;
                }
                held.add(lock.get());
            }
            default -> throw new BuildException(step.instruction() + ": invalid cache sharing " + sharing
                    + " (expected shared, private or locked)");
        }
        if (!Files.isDirectory(dir)) {
            Path temp = create(caches.resolve("tmp-" + TempNames.unique()), mount);
            try {
                Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                Files.deleteIfExists(temp); // another step made it first (a non-empty one is ENOTEMPTY)
                if (!Files.isDirectory(dir)) {
                    throw e;
                }
            }
        }
        mounts.add(new RunMount.Cache(dir, target));
    }

    /** The directory where cache mounts live, by id. */
    static Path cacheRoot(Store store) {
        return store.paths().lamina().resolve("run-cache");
    }

    private static Path create(Path dir, Mount mount) throws IOException {
        FileSystemOps fs = HostFileSystem.create();
        Files.createDirectories(dir.getParent());
        fs.createDirectory(dir, (int) (long) mount.mode().orElse(0755L));
        if (fs.privileged()) {
            fs.setOwner(dir, mount.uid().orElse(0L), mount.gid().orElse(0L));
        }
        return dir;
    }

    /** An exclusive lock on {@code file}; waits for it when asked, else empty when another holds it. */
    private static Optional<AutoCloseable> lock(Path file, boolean wait) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            while (true) {
                FileLock lock;
                try {
                    lock = wait ? channel.lock() : channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by another step of this process
                    if (wait) {
                        Thread.sleep(20);
                        continue;
                    }
                }
                if (lock == null) {
                    channel.close();
                    return Optional.empty();
                }
                FileLock acquired = lock;
                return Optional.of(() -> {
                    acquired.release();
                    channel.close();
                });
            }
        } catch (InterruptedException e) {
            channel.close();
            Thread.currentThread().interrupt();
            throw new BuildException("interrupted while waiting for a cache mount");
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void secret(RunStep step, Mount mount) throws IOException {
        String id = mount.id().or(mount::source)
                .orElseGet(() -> mount.target().map(t -> t.substring(t.lastIndexOf('/') + 1)).orElse(""));
        Path file = step.options().secrets().get(id);
        if (file == null) {
            if (mount.required()) {
                throw new BuildException(step.instruction() + ": secret " + id + " not found: give it with --secret id="
                        + id + ",src=FILE");
            }
            return;
        }
        if (Files.size(file) > RunMount.Secret.MAX_BYTES) {
            throw new BuildException(step.instruction() + ": secret " + id + " is larger than "
                    + RunMount.Secret.MAX_BYTES + " bytes");
        }
        if (mount.env().isPresent()) {
            secretEnv.put(mount.env().get(), Files.readString(file, StandardCharsets.UTF_8));
            if (mount.target().isEmpty()) {
                return;
            }
        }
        String target = mount.target().isPresent() ? target(step, mount) : "/run/secrets/" + id;
        mounts.add(new RunMount.Secret(file, target, (int) (long) mount.uid().orElse(0L),
                (int) (long) mount.gid().orElse(0L), (int) (long) mount.mode().orElse(0400L)));
    }

    private static String target(RunStep step, Mount mount) {
        String target = mount.target().orElseThrow(() -> new BuildException(step.instruction()
                + ": --mount=type=" + mount.type() + " needs a target"));
        if (target.startsWith("/")) {
            return target;
        }
        String workdir = step.workdir().endsWith("/") ? step.workdir() : step.workdir() + "/";
        return workdir + target;
    }

    /** A source inside a root, without leading slash and refusing {@code ..}: "" is the root itself. */
    private static String relative(String source, RunStep step, String what) {
        List<String> parts = new ArrayList<>();
        for (String part : source.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new BuildException(step.instruction() + ": bind mount " + what + " " + source
                            + " leaves its root");
                }
                parts.remove(parts.size() - 1);
                continue;
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : held) {
            try {
                closeable.close();
            } catch (Exception e) {
                // the lock goes with the channel
            }
        }
        held.clear();
    }
}
