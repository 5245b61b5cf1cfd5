package dev.lamina.cli;


import dev.lamina.image.store.StorePaths;
import dev.lamina.tarball.fs.TreeRemoval;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The writable root file system of one {@code lamina run}: a private directory under the store's
 * {@link StorePaths#runRoots()}, on the store's file system, removed on close. Directories left by a lamina
 * that was killed (its pid is gone) are removed by the next run.
 */
final class RunRootfs implements AutoCloseable {
    private final Path directory;

    private RunRootfs(Path directory) {
        this.directory = directory;
    }

    static RunRootfs create(StorePaths paths) throws IOException {
        Path parent = paths.runRoots();
        Files.createDirectories(parent);
        removeAbandoned(parent);
        long pid = ProcessHandle.current().pid();
        Path directory = Files.createTempDirectory(parent, pid + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        RunRootfs rootfs = new RunRootfs(directory);
        try {
            // The root itself must be searchable by a non-root USER, as an image's "/" is.
            Files.createDirectory(rootfs.path());
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(rootfs.path(), PosixFilePermissions.fromString("rwxr-xr-x"));
            return rootfs;
        } catch (IOException | RuntimeException e) {
            rootfs.close();
            throw e;
        }
    }

    /** A directory of this run's own (an overlay's upper or work directory), created on first use. */
    Path directory(String name) throws IOException {
        return Files.createDirectories(directory.resolve(name));
    }

    /** The command's {@code /}. */
    Path path() {
        return directory.resolve("rootfs");
    }

    @Override
    public void close() {
        delete(directory);
    }

    private static void removeAbandoned(Path parent) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                int dash = name.indexOf('-');
                Optional<Long> pid = dash <= 0 ? Optional.empty() : parsePid(name.substring(0, dash));
                if (pid.isPresent() && ProcessHandle.of(pid.get()).isEmpty()) {
                    try {
                        delete(entry);
                    } catch (UncheckedIOException e) {
                        // another run may be removing it too; the next one tries again
                    }
                }
            }
        }
    }

    private static Optional<Long> parsePid(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Removes a tree the command may have made hostile (see {@link TreeRemoval}). */
    static void delete(Path root) {
        try {
            TreeRemoval.delete(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the command's root file system " + root, e);
        }
    }
}
