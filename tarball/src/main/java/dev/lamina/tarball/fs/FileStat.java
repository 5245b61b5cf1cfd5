package dev.lamina.tarball.fs;

import dev.lamina.tarball.tar.EntryType;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code lstat} says about a path: its type (empty for a socket, which no layer holds), permission bits
 * with setuid/setgid/sticky, owner, size, modification time, and the identity a hardlink shares.
 */
public record FileStat(Optional<EntryType> type, int mode, long uid, long gid, long size, Instant modTime,
        long device, long inode, long links, long rdev) {

    public boolean isDirectory() {
        return type.filter(t -> t == EntryType.DIRECTORY).isPresent();
    }

    public boolean isSymlink() {
        return type.filter(t -> t == EntryType.SYMLINK).isPresent();
    }

    public boolean isRegularFile() {
        return type.filter(t -> t == EntryType.REGULAR).isPresent();
    }

    /** Linux's encoding of a device number: 12 bits of major and 20 of minor, split across the word. */
    public long rdevMajor() {
        return ((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL);
    }

    public long rdevMinor() {
        return (rdev & 0xff) | ((rdev >>> 12) & ~0xffL);
    }

    /** The entry type of a {@code st_mode}'s file-type bits; empty for a socket, which no layer holds. */
    public static Optional<EntryType> typeOfMode(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> Optional.of(EntryType.REGULAR);
            case 0040000 -> Optional.of(EntryType.DIRECTORY);
            case 0120000 -> Optional.of(EntryType.SYMLINK);
            case 0020000 -> Optional.of(EntryType.CHAR_DEVICE);
            case 0060000 -> Optional.of(EntryType.BLOCK_DEVICE);
            case 0010000 -> Optional.of(EntryType.FIFO);
            default -> Optional.empty();
        };
    }

    public static long makeDevice(long major, long minor) {
        return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffL) << 12) | ((major & ~0xfffL) << 32);
    }
}
