package dev.lamina.tarball.tar;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One member of a tar as lamina reads and writes it: the name exactly as in the archive ('/'-separated, not
 * normalised), the type, permission bits including setuid/setgid/sticky ({@code 07777}), numeric owner and
 * optional owner names, content size (regular files only), modification time, link target (symlinks and
 * hardlinks), device numbers, and extended attributes (written as {@code SCHILY.xattr.*} PAX records).
 */
public record TarEntry(
        String name,
        EntryType type,
        int mode,
        long uid,
        long gid,
        String uname,
        String gname,
        long size,
        Instant modTime,
        String linkName,
        long devMajor,
        long devMinor,
        Map<String, byte[]> xattrs) {

    public static final int PERMISSION_BITS = 07777;

    public TarEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a tar entry needs a name");
        }
        if ((mode & ~PERMISSION_BITS) != 0) {
            throw new IllegalArgumentException("mode " + Integer.toOctalString(mode) + " of " + name
                    + " has bits beyond 07777");
        }
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("negative owner for " + name);
        }
        if (size < 0 || (!type.hasContent() && size != 0)) {
            throw new IllegalArgumentException("size " + size + " is impossible for the " + type + " " + name);
        }
        if (devMajor < 0 || devMinor < 0) {
            throw new IllegalArgumentException("negative device number for " + name);
        }
        uname = uname == null ? "" : uname;
        gname = gname == null ? "" : gname;
        modTime = modTime == null ? Instant.EPOCH : modTime;
        linkName = linkName == null ? "" : linkName;
        TreeMap<String, byte[]> sorted = new TreeMap<>();
        if (xattrs != null) {
            xattrs.forEach((k, v) -> sorted.put(k, v.clone()));
        }
        xattrs = Collections.unmodifiableMap(sorted);
    }

    public static Builder builder(String name, EntryType type) {
        return new Builder(name, type);
    }

    public static TarEntry file(String name, long size) {
        return builder(name, EntryType.REGULAR).mode(0644).size(size).build();
    }

    public static TarEntry directory(String name) {
        return builder(name, EntryType.DIRECTORY).mode(0755).build();
    }

    public static TarEntry symlink(String name, String target) {
        return builder(name, EntryType.SYMLINK).mode(0777).linkName(target).build();
    }

    public static TarEntry hardlink(String name, String target) {
        return builder(name, EntryType.HARDLINK).mode(0644).linkName(target).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The name without a leading {@code ./} or trailing slashes, as tools list it. */
    public String displayName() {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        while (n.length() > 1 && n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n.isEmpty() ? "." : n;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TarEntry other)) {
            return false;
        }
        return name.equals(other.name) && type == other.type && mode == other.mode && uid == other.uid
                && gid == other.gid && uname.equals(other.uname) && gname.equals(other.gname) && size == other.size
                && modTime.equals(other.modTime) && linkName.equals(other.linkName) && devMajor == other.devMajor
                && devMinor == other.devMinor && xattrsEqual(xattrs, other.xattrs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, mode, uid, gid, size, modTime, linkName);
    }

    @Override
    public String toString() {
        return type + " " + name + " " + Integer.toOctalString(mode) + " " + uid + ":" + gid
                + (type.hasContent() ? " " + size + "B" : "") + (linkName.isEmpty() ? "" : " -> " + linkName);
    }

    private static boolean xattrsEqual(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), b.get(e.getKey())));
    }

    /** Assembles an entry field by field; {@link #build} validates. */
    public static final class Builder {
        private String name;
        private EntryType type;
        private int mode;
        private long uid;
        private long gid;
        private String uname = "";
        private String gname = "";
        private long size;
        private Instant modTime = Instant.EPOCH;
        private String linkName = "";
        private long devMajor;
        private long devMinor;
        private Map<String, byte[]> xattrs = new TreeMap<>();

        private Builder(String name, EntryType type) {
            this.name = name;
            this.type = type;
        }

        private Builder(TarEntry e) {
            this(e.name, e.type);
            mode = e.mode;
            uid = e.uid;
            gid = e.gid;
            uname = e.uname;
            gname = e.gname;
            size = e.size;
            modTime = e.modTime;
            linkName = e.linkName;
            devMajor = e.devMajor;
            devMinor = e.devMinor;
            xattrs = new TreeMap<>(e.xattrs);
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder type(EntryType value) {
            type = value;
            return this;
        }

        public Builder mode(int value) {
            mode = value;
            return this;
        }

        public Builder owner(long newUid, long newGid) {
            uid = newUid;
            gid = newGid;
            return this;
        }

        public Builder ownerNames(String newUname, String newGname) {
            uname = newUname;
            gname = newGname;
            return this;
        }

        public Builder size(long value) {
            size = value;
            return this;
        }

        public Builder modTime(Instant value) {
            modTime = value;
            return this;
        }

        public Builder linkName(String value) {
            linkName = value;
            return this;
        }

        public Builder device(long major, long minor) {
            devMajor = major;
            devMinor = minor;
            return this;
        }

        public Builder xattr(String key, byte[] value) {
            xattrs.put(key, value);
            return this;
        }

        public Builder xattrs(Map<String, byte[]> value) {
            xattrs = new TreeMap<>(value);
            return this;
        }

        public TarEntry build() {
            return new TarEntry(name, type, mode, uid, gid, uname, gname, size, modTime, linkName, devMajor, devMinor,
                    xattrs);
        }
    }
}
