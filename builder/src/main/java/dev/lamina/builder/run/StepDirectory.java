package dev.lamina.builder.run;

import dev.lamina.image.io.TempNames;
import dev.lamina.tarball.fs.TreeRemoval;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A step's private scratch directory on the host: the generated {@code /etc} files, the helper's status
 * file, the mount point for the secrets' tmpfs. Others may pass through it (but not list it), so that a
 * root mapped elsewhere by a user namespace can reach the files it bind-mounts; its name is unguessable and
 * nothing in it is secret (secrets are copied straight from their source into a tmpfs).
 */
final class StepDirectory implements AutoCloseable {
    private final Path path;
    private final Map<String, Path> etcFiles = new LinkedHashMap<>();

    private StepDirectory(Path path) {
        this.path = path;
    }

    static StepDirectory create(Path scratchRoot, Map<String, String> etcContents) {
        try {
            Files.createDirectories(scratchRoot);
            StepDirectory step = new StepDirectory(TempNames.createDirectory(scratchRoot, "lamina-run-"));
            try {
                step.fill(etcContents);
                return step;
            } catch (IOException | RuntimeException e) {
                step.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a step directory in " + scratchRoot, e);
        }
    }

    private void fill(Map<String, String> etcContents) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx--x--x"));
        for (Map.Entry<String, String> file : etcContents.entrySet()) {
            Path host = path.resolve(file.getKey().substring(file.getKey().lastIndexOf('/') + 1));
            Files.writeString(host, file.getValue(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rw-r--r--"));
            etcFiles.put(file.getKey(), host);
        }
    }

    Path path() {
        return path;
    }

    /** Host file by container path, in the order they are mounted. */
    Map<String, Path> etcFiles() {
        return etcFiles;
    }

    Path status() {
        return path.resolve("status");
    }

    /** A subdirectory created on first use. */
    Path directory(String name) {
        try {
            return Files.createDirectories(path.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        deleteTree(path);
    }

    /** Deletes a tree without following symlinks out of it or entering a mount left in it. */
    static void deleteTree(Path root) {
        try {
            TreeRemoval.delete(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root, e);
        }
    }
}
