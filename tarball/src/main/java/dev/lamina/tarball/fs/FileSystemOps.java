package dev.lamina.tarball.fs;

import dev.lamina.tarball.tar.EntryType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Every filesystem operation layer writing and applying perform, none of which follows a symlink in the last
 * path component. One seam, so that rootful and rootless runs share all the logic above it (only what the
 * process may do differs), and tests can watch or refuse operations.
 */
public interface FileSystemOps {
    /** {@code lstat}: empty when nothing is there. */
    Optional<FileStat> lstat(Path path) throws IOException;

    String readSymlink(Path path) throws IOException;

    /** The extended attributes of {@code path} (not following a symlink); empty where unsupported. */
    Map<String, byte[]> xattrs(Path path) throws IOException;

    /** Opens a regular file for reading, refusing a symlink. */
    InputStream openFile(Path path) throws IOException;

    void createDirectory(Path path, int mode) throws IOException;

    /** Creates a new regular file (it must not exist) and opens it for writing. */
    OutputStream createFile(Path path, int mode) throws IOException;

    void createSymlink(Path link, String target) throws IOException;

    void createHardlink(Path link, Path existing) throws IOException;

    /** A character or block device, or a fifo. Devices need privilege; a fifo does not. */
    void createSpecial(Path path, EntryType type, int mode, long major, long minor) throws IOException;

    /** Removes {@code path}, and everything below it when it is a directory, never following a symlink. */
    void deleteRecursively(Path path) throws IOException;

    /** {@code lchown}. */
    void setOwner(Path path, long uid, long gid) throws IOException;

    /** {@code chmod} with all of {@code 07777}; never called on a symlink. */
    void setMode(Path path, int mode) throws IOException;

    void setXattr(Path path, String name, byte[] value) throws IOException;

    /** Sets the modification (and access) time without following a symlink. */
    void setModTime(Path path, Instant time) throws IOException;

    /** True when this process may change ownership and create device nodes (root outside a user namespace). */
    boolean privileged();
}
