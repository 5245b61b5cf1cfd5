package dev.lamina.builder.context;

import dev.lamina.image.io.TempNames;
import dev.lamina.tarball.fs.HostFileSystem;
import java.io.IOException;
import java.nio.file.Path;

/** Directories lamina makes for one build (an extracted context, a checkout) and removes afterwards. */
public final class TempDirectories {
    private TempDirectories() {
    }

    public static Path create(String prefix) throws IOException {
        return TempNames.createDirectory(null, prefix + "-");
    }

    /** Removes {@code dir} and everything in it, never following a symlink; what cannot be removed stays. */
    public static void deleteQuietly(Path dir) {
        try {
            HostFileSystem.create().deleteRecursively(dir);
        } catch (IOException e) {
            // a leftover temporary directory is not worth failing a build for
        }
    }
}
