package dev.lamina.tarball.fs;

import dev.lamina.tarball.tar.EntryType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The real filesystem: the JDK's NIO for almost everything (it does lchown, chmod with setuid bits and
 * symlink times on Linux), native calls for xattrs, mknod and exact symlink targets. Without native code
 * only {@code user.*} xattrs are available, through the JDK.
 */
public final class HostFileSystem implements FileSystemOps {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final String USER_PREFIX = "user.";

    private final boolean privileged;

    private HostFileSystem(boolean privileged) {
        this.privileged = privileged;
    }

    /** The filesystem as this process sees it: privileged when running as root. */
    public static HostFileSystem create() {
        return new HostFileSystem(isRoot());
    }

    /** The filesystem, acting as an unprivileged process would even when root (for tests and rootless runs). */
    public static HostFileSystem unprivileged() {
        return new HostFileSystem(false);
    }

    @Override
    public boolean privileged() {
        return privileged;
    }

    @Override
    public Optional<FileStat> lstat(Path path) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, "unix:mode,uid,gid,size,lastModifiedTime,dev,ino,nlink,rdev", NOFOLLOW);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        int mode = (Integer) a.get("mode");
        Optional<EntryType> type = FileStat.typeOfMode(mode);
        return Optional.of(new FileStat(type, mode & 07777, Integer.toUnsignedLong((Integer) a.get("uid")),
                Integer.toUnsignedLong((Integer) a.get("gid")), (Long) a.get("size"),
                ((FileTime) a.get("lastModifiedTime")).toInstant(), (Long) a.get("dev"), (Long) a.get("ino"),
                ((Number) a.get("nlink")).longValue(), (Long) a.get("rdev")));
    }

    @Override
    public String readSymlink(Path path) throws IOException {
        return Files.readSymbolicLink(path).toString();
    }

    @Override
    public Map<String, byte[]> xattrs(Path path) throws IOException {
        if (LinuxSyscalls.unavailable().isEmpty()) {
            return LinuxSyscalls.xattrs(path);
        }
        Map<String, byte[]> result = new LinkedHashMap<>();
        if (Files.isSymbolicLink(path)) {
            return result; // user.* xattrs do not exist on symlinks
        }
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class, NOFOLLOW);
        if (view == null) {
            return result;
        }
        try {
            for (String name : view.list()) {
                ByteBuffer buffer = ByteBuffer.allocate(view.size(name));
                view.read(name, buffer);
                result.put(USER_PREFIX + name, buffer.array());
            }
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            return result;
        }
        return result;
    }

    @Override
    public InputStream openFile(Path path) throws IOException {
        return Files.newInputStream(path, NOFOLLOW);
    }

    @Override
    public void createDirectory(Path path, int mode) throws IOException {
        Files.createDirectory(path);
        setMode(path, mode);
    }

    @Override
    public OutputStream createFile(Path path, int mode) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, NOFOLLOW);
        return Channels.newOutputStream(channel);
    }

    @Override
    public void createSymlink(Path link, String target) throws IOException {
        if (LinuxSyscalls.unavailable().isEmpty()) {
            LinuxSyscalls.symlink(link, target);
        } else {
            Files.createSymbolicLink(link, link.getFileSystem().getPath(target));
        }
    }

    @Override
    public void createHardlink(Path link, Path existing) throws IOException {
        Files.createLink(link, existing); // link(2) does not follow a symlink it is given
    }

    @Override
    public void createSpecial(Path path, EntryType type, int mode, long major, long minor) throws IOException {
        if (!type.isDevice() && type != EntryType.FIFO) {
            throw new IllegalArgumentException(type + " is not a special file");
        }
        LinuxSyscalls.unavailable().ifPresent(why -> {
            throw new UnsupportedOperationException("cannot create " + path + ": native calls unavailable (" + why + ")");
        });
        LinuxSyscalls.mknod(path, type == EntryType.BLOCK_DEVICE, type == EntryType.FIFO, mode, major, minor);
    }

    @Override
    public void deleteRecursively(Path path) throws IOException {
        TreeRemoval.delete(path);
    }

    @Override
    public void setOwner(Path path, long uid, long gid) throws IOException {
        Files.setAttribute(path, "unix:uid", (int) uid, NOFOLLOW);
        Files.setAttribute(path, "unix:gid", (int) gid, NOFOLLOW);
    }

    @Override
    public void setMode(Path path, int mode) throws IOException {
        // chmod(2) by path: with NOFOLLOW the JDK would open the file, which blocks on a fifo
        Files.setAttribute(path, "unix:mode", mode & 07777);
    }

    @Override
    public void setXattr(Path path, String name, byte[] value) throws IOException {
        if (LinuxSyscalls.unavailable().isEmpty()) {
            LinuxSyscalls.setXattr(path, name, value);
            return;
        }
        if (!name.startsWith(USER_PREFIX)) {
            throw new UnsupportedOperationException("cannot set xattr " + name + " on " + path
                    + ": native calls are unavailable");
        }
        UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class, NOFOLLOW);
        view.write(name.substring(USER_PREFIX.length()), ByteBuffer.wrap(value));
    }

    @Override
    public void setModTime(Path path, Instant time) throws IOException {
        if (LinuxSyscalls.unavailable().isEmpty()) {
            LinuxSyscalls.setTimes(path, time);
            return;
        }
        if (!Files.isRegularFile(path, NOFOLLOW) && !Files.isDirectory(path, NOFOLLOW)
                && !Files.isSymbolicLink(path)) {
            return; // the JDK would open a fifo or device to set its time
        }
        FileTime t = FileTime.from(time);
        Files.getFileAttributeView(path, BasicFileAttributeView.class, NOFOLLOW).setTimes(t, t, null);
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
