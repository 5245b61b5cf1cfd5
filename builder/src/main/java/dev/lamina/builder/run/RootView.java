package dev.lamina.builder.run;

import dev.lamina.image.LaminaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads files as the command will see them in its root, before it runs: lamina needs the root's
 * {@code /etc/passwd} and {@code /etc/group}, never the host's.
 */
public interface RootView {
    /** Files lamina reads from a root are small; a larger one is refused rather than loaded. */
    int MAX_BYTES = 16 * 1024 * 1024;

    /** The content of the regular file at {@code containerPath}, if there is one. */
    Optional<byte[]> read(String containerPath);

    static RootView of(Rootfs rootfs) {
        if (rootfs instanceof Rootfs.Directory directory) {
            return path -> readFile(InRoot.resolve(directory.path(), path), path);
        }
        return new OverlayView((Rootfs.Overlay) rootfs);
    }

    private static Optional<byte[]> readFile(Path file, String containerPath) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new LaminaException(containerPath + " in the root file system is larger than " + MAX_BYTES
                        + " bytes");
            }
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An overlay's merged view, read from its layer directories: each name is taken from the top-most
     * layer that has it; a whiteout (a 0:0 character device) hides it, a symlink is followed through the
     * merged view. Opaque directories are not seen (their marker is a trusted xattr Java cannot read), so
     * a lower layer's file under a directory deleted and recreated above may show through.
     */
    final class OverlayView implements RootView {
        private final List<Path> layers;

        OverlayView(Rootfs.Overlay overlay) {
            layers = new ArrayList<>();
            layers.add(overlay.upperDir());
            layers.addAll(overlay.lowerDirs());
        }

        @Override
        public Optional<byte[]> read(String containerPath) {
            return InRoot.walk(containerPath, (parents, name) -> {
                Optional<Path> found = topMost(InRoot.join(Path.of(""), parents).resolve(name));
                if (found.isEmpty() || isWhiteout(found.get())) {
                    return new InRoot.Absent();
                }
                return Files.isSymbolicLink(found.get()) ? new InRoot.Link(InRoot.readLink(found.get()))
                        : new InRoot.Present();
            }).flatMap(names -> names.isEmpty() ? Optional.empty()
                    : topMost(InRoot.join(Path.of(""), names))).flatMap(file -> readFile(file, containerPath));
        }

        private Optional<Path> topMost(Path relative) {
            for (Path layer : layers) {
                Path candidate = layer.resolve(relative);
                if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        }

        private static boolean isWhiteout(Path path) {
            try {
                Map<String, Object> attributes = Files.readAttributes(path, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) attributes.get("mode");
                return (mode & 0170000) == 0020000 && ((Long) attributes.get("rdev")) == 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
