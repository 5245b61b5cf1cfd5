package dev.lamina.tarball.fs;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.LongByReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The few Linux calls the JDK has no API for: extended attributes outside the {@code user.} namespace
 * ({@code security.capability} above all) and {@code mknod}. Loaded on first use through JNA, so that a
 * process that never touches xattrs or devices never loads native code.
 */
final class LinuxSyscalls {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int ERANGE = 34;
    static final int ENODATA = 61;
    static final int ENOTSUP = 95;

    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFIFO = 0010000;

    private LinuxSyscalls() {
    }

    /** The C library, bound lazily; holds the load failure when there is no usable native library. */
    private static final class Holder {
        static final LibC LIBC;
        static final Throwable FAILURE;

        static {
            LibC libc = null;
            Throwable failure = null;
            try {
                libc = Native.load("c", LibC.class);
            } catch (Throwable t) {
                failure = t;
            }
            LIBC = libc;
            FAILURE = failure;
        }
    }

    /** glibc's entry points, paths as NUL-terminated bytes so no charset guesswork happens. */
    interface LibC extends Library {
        int mknod(byte[] path, int mode, long dev) throws LastErrorException;

        int __xmknod(int version, byte[] path, int mode, LongByReference dev) throws LastErrorException;

        int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags) throws LastErrorException;

        long lgetxattr(byte[] path, byte[] name, byte[] value, long size) throws LastErrorException;

        long llistxattr(byte[] path, byte[] list, long size) throws LastErrorException;

        int symlink(byte[] target, byte[] linkPath) throws LastErrorException;

        int utimensat(int dirFd, byte[] path, long[] times, int flags) throws LastErrorException;
    }

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;

    /**
     * Sets access and modification time without opening the file and without following a symlink: the JDK
     * opens the file to set times, which blocks on a fifo and has side effects on devices.
     */
    static void setTimes(Path path, java.time.Instant time) throws IOException {
        long[] times = {time.getEpochSecond(), time.getNano(), time.getEpochSecond(), time.getNano()};
        try {
            libc().utimensat(AT_FDCWD, bytes(path), times, AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw failure("utimensat", path, e);
        }
    }

    /** Why native calls are unavailable, if they are. */
    static Optional<String> unavailable() {
        libc();
        return Holder.FAILURE == null ? Optional.empty() : Optional.of(String.valueOf(Holder.FAILURE.getMessage()));
    }

    static void mknod(Path path, boolean block, boolean fifo, int mode, long major, long minor) throws IOException {
        int type = fifo ? S_IFIFO : block ? S_IFBLK : S_IFCHR;
        long dev = fifo ? 0 : FileStat.makeDevice(major, minor);
        byte[] p = bytes(path);
        try {
            try {
                libc().mknod(p, type | (mode & 07777), dev);
            } catch (UnsatisfiedLinkError e) {
                libc().__xmknod(0, p, type | (mode & 07777), new LongByReference(dev)); // glibc before 2.33
            }
        } catch (LastErrorException e) {
            throw failure("mknod", path, e);
        }
    }

    /** {@code symlink(2)} with the target's bytes exactly as given (the JDK would normalise slashes). */
    static void symlink(Path link, String target) throws IOException {
        try {
            libc().symlink(cString(target), bytes(link));
        } catch (LastErrorException e) {
            throw failure("symlink", link, e);
        }
    }

    static void setXattr(Path path, String name, byte[] value) throws IOException {
        try {
            libc().lsetxattr(bytes(path), cString(name), value, value.length, 0);
        } catch (LastErrorException e) {
            throw failure("lsetxattr " + name, path, e);
        }
    }

    static Map<String, byte[]> xattrs(Path path) throws IOException {
        Map<String, byte[]> result = new LinkedHashMap<>();
        byte[] p = bytes(path);
        byte[] list = new byte[1024];
        long length;
        while (true) {
            try {
                length = libc().llistxattr(p, list, list.length);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == ERANGE) {
                    list = new byte[list.length * 4];
                } else if (e.getErrorCode() == ENOTSUP) {
                    return result;
                } else {
                    throw failure("llistxattr", path, e);
                }
            }
        }
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (list[i] == 0) {
                String name = new String(list, start, i - start, StandardCharsets.UTF_8);
                value(p, path, name).ifPresent(v -> result.put(name, v));
                start = i + 1;
            }
        }
        return result;
    }

    private static Optional<byte[]> value(byte[] p, Path path, String name) throws IOException {
        byte[] buffer = new byte[256];
        while (true) {
            try {
                long n = libc().lgetxattr(p, cString(name), buffer, buffer.length);
                return Optional.of(java.util.Arrays.copyOf(buffer, (int) n));
            } catch (LastErrorException e) {
                if (e.getErrorCode() == ERANGE && buffer.length < (1 << 20)) {
                    buffer = new byte[buffer.length * 8];
                } else if (e.getErrorCode() == ENODATA) {
                    return Optional.empty(); // removed between list and get
                } else {
                    throw failure("lgetxattr " + name, path, e);
                }
            }
        }
    }

    private static LibC libc() {
        if (Holder.LIBC == null) {
            throw new UnsupportedOperationException("native calls are unavailable: " + Holder.FAILURE);
        }
        return Holder.LIBC;
    }

    private static byte[] bytes(Path path) {
        return cString(path.toString());
    }

    private static byte[] cString(String s) {
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(raw, raw.length + 1);
    }

    /** The errno as the JDK would report it, so callers handle one family of exceptions. */
    private static IOException failure(String call, Path path, LastErrorException e) {
        int errno = e.getErrorCode();
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(path.toString());
            case EEXIST -> new FileAlreadyExistsException(path.toString());
            default -> new NativeCallException(call, path, errno);
        };
    }

    /** A failed system call, with its errno. */
    static final class NativeCallException extends IOException {
        private final int errno;

        NativeCallException(String call, Path path, int errno) {
            super(call + " " + path + ": " + describe(errno));
            this.errno = errno;
        }

        int errno() {
            return errno;
        }

        private static String describe(int errno) {
            return switch (errno) {
                case EPERM -> "operation not permitted";
                case EACCES -> "permission denied";
                case EINVAL -> "invalid argument";
                case ENOTSUP -> "operation not supported";
                case ERANGE -> "result too large";
                default -> "errno " + errno;
            };
        }
    }
}
