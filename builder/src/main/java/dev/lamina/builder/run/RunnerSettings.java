package dev.lamina.builder.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How this host runs commands, fixed for a lamina process.
 *
 * @param scratchDir    where each step gets its private directory (generated {@code /etc} files, status)
 * @param helperCache   where the native helper is extracted, once, under its content hash
 * @param userNamespace the user namespace steps run in: present without root, or to test the rootless path
 */
public record RunnerSettings(Path scratchDir, Path helperCache, Optional<UserNamespace> userNamespace) {
    public RunnerSettings {
        scratchDir = scratchDir.toAbsolutePath().normalize();
        helperCache = helperCache.toAbsolutePath().normalize();
    }

    /**
     * Scratch in {@code $XDG_RUNTIME_DIR/lamina} (a tmpfs: a step's few small files cost less there) or the
     * temporary directory, the user's cache for the helper, and a user namespace unless lamina runs as root.
     */
    public static RunnerSettings defaults() {
        Map<String, String> env = System.getenv();
        Path scratch = Optional.ofNullable(env.get("XDG_RUNTIME_DIR")).filter(s -> !s.isEmpty()).map(Path::of)
                .filter(Files::isDirectory).map(dir -> dir.resolve("lamina"))
                .orElse(Path.of(System.getProperty("java.io.tmpdir")));
        Path cache = Optional.ofNullable(env.get("XDG_CACHE_HOME")).filter(s -> !s.isEmpty()).map(Path::of)
                .orElse(Optional.ofNullable(env.get("HOME")).filter(s -> !s.isEmpty()).map(Path::of)
                        .orElse(Path.of(System.getProperty("user.home"))).resolve(".cache"))
                .resolve("lamina");
        long uid = id("uid");
        Optional<UserNamespace> namespace = uid == 0 ? Optional.empty()
                : Optional.of(UserNamespace.forCaller(uid, id("gid"), System.getProperty("user.name")));
        return new RunnerSettings(scratch, cache, namespace);
    }

    public RunnerSettings withScratchDir(Path dir) {
        return new RunnerSettings(dir, helperCache, userNamespace);
    }

    public RunnerSettings withHelperCache(Path dir) {
        return new RunnerSettings(scratchDir, dir, userNamespace);
    }

    public RunnerSettings withUserNamespace(Optional<UserNamespace> namespace) {
        return new RunnerSettings(scratchDir, helperCache, namespace);
    }

    /** This process's real uid or gid, as /proc tells it. */
    static long id(String which) {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:" + which)).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name")) ? 0 : -1;
        }
    }
}
