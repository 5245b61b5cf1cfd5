package dev.lamina.builder.runstep;

import dev.lamina.builder.run.UserNamespace;
import dev.lamina.tarball.fs.FileStat;
import dev.lamina.tarball.fs.FileSystemOps;
import dev.lamina.tarball.tar.EntryType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The host's files with their owners as a rootless step saw them. Without root, a step runs in a user namespace
 * where lamina's user is root: what the command writes as root is owned on the host by that user, and the layer
 * must record root. Only {@link #lstat} differs from the delegate; the layer writer reads through this.
 */
final class OwnersInside implements FileSystemOps {
    private final FileSystemOps host;
    private final UserNamespace namespace;

    OwnersInside(FileSystemOps host, UserNamespace namespace) {
        this.host = host;
        this.namespace = namespace;
    }

    @Override
    public Optional<FileStat> lstat(Path path) throws IOException {
        return host.lstat(path).map(s -> new FileStat(s.type(), s.mode(), namespace.containerUid(s.uid()),
                namespace.containerGid(s.gid()), s.size(), s.modTime(), s.device(), s.inode(), s.links(), s.rdev()));
    }

    @Override
    public String readSymlink(Path path) throws IOException {
        return host.readSymlink(path);
    }

    @Override
    public Map<String, byte[]> xattrs(Path path) throws IOException {
        return host.xattrs(path);
    }

    @Override
    public InputStream openFile(Path path) throws IOException {
        return host.openFile(path);
    }

    @Override
    public void createDirectory(Path path, int mode) throws IOException {
        host.createDirectory(path, mode);
    }

    @Override
    public OutputStream createFile(Path path, int mode) throws IOException {
        return host.createFile(path, mode);
    }

    @Override
    public void createSymlink(Path link, String target) throws IOException {
        host.createSymlink(link, target);
    }

    @Override
    public void createHardlink(Path link, Path existing) throws IOException {
        host.createHardlink(link, existing);
    }

    @Override
    public void createSpecial(Path path, EntryType type, int mode, long major, long minor) throws IOException {
        host.createSpecial(path, type, mode, major, minor);
    }

    @Override
    public void deleteRecursively(Path path) throws IOException {
        host.deleteRecursively(path);
    }

    @Override
    public void setOwner(Path path, long uid, long gid) throws IOException {
        host.setOwner(path, uid, gid);
    }

    @Override
    public void setMode(Path path, int mode) throws IOException {
        host.setMode(path, mode);
    }

    @Override
    public void setXattr(Path path, String name, byte[] value) throws IOException {
        host.setXattr(path, name, value);
    }

    @Override
    public void setModTime(Path path, Instant time) throws IOException {
        host.setModTime(path, time);
    }

    @Override
    public boolean privileged() {
        return host.privileged();
    }
}
