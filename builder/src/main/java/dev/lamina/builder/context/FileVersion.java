package dev.lamina.builder.context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * What identifies a version of a file without reading it, as git's index does: type and mode, size, modification and
 * change times, inode. Any write, chmod, rename over or replacement changes at least one of them; a directory's times
 * change when an entry is added, removed or renamed in it.
 */
public record FileVersion(int mode, long size, long modifiedNanos, long inode, long changedNanos) {
    /** No file at the path. */
    public static final FileVersion ABSENT = new FileVersion(-1, -1, 0, 0, 0);

    /** The attributes {@link #of(Map)} needs, for {@link Files#readAttributes(Path, String, LinkOption...)}. */
    public static final String ATTRIBUTES = "unix:mode,size,lastModifiedTime,ctime,ino";

    private static final int TYPE_MASK = 0170000;
    private static final int SYMLINK = 0120000;

    /** A change to a file within this long of its recorded time may not show in the time (coarse clocks). */
    private static final long RACY_NANOS = 2_000_000_000L;

    /** The version of {@code file} itself (a symlink is not followed); {@link #ABSENT} when there is none. */
    public static FileVersion read(Path file) throws IOException {
        try {
            return of(Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return ABSENT;
        }
    }

    /** From attributes read with at least {@link #ATTRIBUTES}. */
    public static FileVersion of(Map<String, Object> unix) {
        return new FileVersion((Integer) unix.get("mode"), (Long) unix.get("size"),
                nanos((FileTime) unix.get("lastModifiedTime")), (Long) unix.get("ino"),
                nanos((FileTime) unix.get("ctime")));
    }

    /** Written out: a record's generated equals is bootstrapped at first use, a cost on every start. */
    @Override
    public boolean equals(Object other) {
        return other instanceof FileVersion v && v.mode == mode && v.size == size && v.modifiedNanos == modifiedNanos
                && v.inode == inode && v.changedNanos == changedNanos;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(inode) * 31 + Long.hashCode(changedNanos);
    }

    /** Reads a version {@link #writeTo} wrote. */
    public static FileVersion readFrom(java.io.DataInput in) throws IOException {
        return new FileVersion(in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }

    /** Writes this version where the store's cache keeps it (see {@link #readFrom}). */
    public void writeTo(java.io.DataOutput out) throws IOException {
        out.writeInt(mode);
        out.writeLong(size);
        out.writeLong(modifiedNanos);
        out.writeLong(inode);
        out.writeLong(changedNanos);
    }

    public boolean isSymlink() {
        return (mode & TYPE_MASK) == SYMLINK;
    }

    /**
     * Whether a change made now could leave this version looking the same: its times are within two seconds of
     * {@code nowNanos}. Such a version is not worth remembering.
     */
    public boolean racy(long nowNanos) {
        return modifiedNanos > nowNanos - RACY_NANOS || changedNanos > nowNanos - RACY_NANOS;
    }

    /** The time now, in the nanoseconds since 1970 that versions hold. */
    public static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static long nanos(FileTime time) {
        java.time.Instant instant = time.toInstant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
