package dev.lamina.builder.run;

import dev.lamina.image.LaminaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What must hold on the host before a step starts, so that failures read as a user's mistake, in one line. */
final class SpecChecks {
    private SpecChecks() {
    }

    static void check(RunSpec spec) {
        if (spec.rootfs() instanceof Rootfs.Directory directory) {
            requireDirectory(directory.path(), "root file system");
        } else {
            Rootfs.Overlay overlay = (Rootfs.Overlay) spec.rootfs();
            overlay.lowerDirs().forEach(dir -> requireDirectory(dir, "overlay layer"));
            requireDirectory(overlay.upperDir(), "overlay upper directory");
            requireDirectory(overlay.workDir(), "overlay work directory");
        }
        for (RunMount mount : spec.mounts()) {
            if (mount instanceof RunMount.Bind bind) {
                requireExists(bind.source(), "bind mount source");
            } else if (mount instanceof RunMount.Cache cache) {
                requireDirectory(cache.directory(), "cache directory");
            } else if (mount instanceof RunMount.Secret secret) {
                requireExists(secret.source(), "secret");
                try {
                    if (!Files.isRegularFile(secret.source()) || Files.size(secret.source()) > RunMount.Secret.MAX_BYTES) {
                        throw new LaminaException("secret " + secret.source() + " must be a regular file of at most "
                                + RunMount.Secret.MAX_BYTES + " bytes");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private static void requireDirectory(Path path, String what) {
        if (!Files.isDirectory(path)) {
            throw new LaminaException(what + " " + path + " is not a directory");
        }
    }

    private static void requireExists(Path path, String what) {
        if (!Files.exists(path)) {
            throw new LaminaException(what + " " + path + " does not exist");
        }
    }
}
