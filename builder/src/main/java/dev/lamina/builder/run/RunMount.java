package dev.lamina.builder.run;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * An extra mount for the command ({@code RUN --mount}). Targets are container paths, resolved inside the
 * root as the command would see them; a missing target is created for the step and removed after it.
 */
public sealed interface RunMount {
    /** The container path the mount appears at. */
    String target();

    /** A host file or directory, read-only or not. */
    record Bind(Path source, String target, boolean readOnly) implements RunMount {
        public Bind {
            source = source.toAbsolutePath().normalize();
            target = ContainerPaths.requireAbsolute(target, "bind mount target");
        }
    }

    /** A directory the builder keeps across builds; writable, never part of a layer. */
    record Cache(Path directory, String target) implements RunMount {
        public Cache {
            directory = directory.toAbsolutePath().normalize();
            target = ContainerPaths.requireAbsolute(target, "cache mount target");
        }
    }

    /** An empty tmpfs, of at most {@code sizeBytes} when given. */
    record Tmpfs(String target, OptionalLong sizeBytes) implements RunMount {
        public Tmpfs {
            target = ContainerPaths.requireAbsolute(target, "tmpfs mount target");
        }
    }

    /**
     * A secret: its bytes are copied into a tmpfs private to the step and appear read-only at
     * {@code target}, owned by {@code uid:gid} with {@code mode}; they never touch the root file system.
     */
    record Secret(Path source, String target, int uid, int gid, int mode) implements RunMount {
        /** Secrets are small; BuildKit refuses them above this size too. */
        public static final long MAX_BYTES = 500 * 1024;

        public Secret {
            source = source.toAbsolutePath().normalize();
            target = ContainerPaths.requireAbsolute(target, "secret target");
        }

        /** BuildKit's defaults: readable by root only. */
        public static Secret of(Path source, String target) {
            return new Secret(source, target, 0, 0, 0400);
        }
    }
}
