package dev.lamina.builder.fs;

import dev.lamina.image.Digest;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one layer does, entry by entry, without its content: each path it writes (with the tar metadata and, for
 * a regular file, the digest of its content), deletes or makes opaque. A stage's file system is the listings of its
 * layers applied in order ({@link FileTree}); listings are small, so the builder keeps them in the store by diffID
 * and never decompresses a layer twice to learn what it holds.
 */
public record LayerListing(List<Change> changes) {
    private static final int FORMAT = 1;

    public LayerListing {
        changes = List.copyOf(changes);
    }

    /** One entry's effect. Paths are {@link TreePaths} form. */
    public sealed interface Change {
        String path();
    }

    /** Puts {@code entry} at {@code path}; {@code content} for a regular file. A hardlink names its target. */
    public record Put(String path, TarEntry entry, Optional<Digest> content) implements Change {
    }

    /** A whiteout: the layers below lose {@code path} and everything under it. */
    public record Delete(String path) implements Change {
    }

    /** An opaque directory: the layers below lose everything under {@code path}. */
    public record Opaque(String path) implements Change {
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(changes.size());
            for (Change change : changes) {
                if (change instanceof Put put) {
                    out.writeByte('P');
                    out.writeUTF(put.path());
                    writeEntry(out, put.entry());
                    out.writeUTF(put.content().map(Digest::toString).orElse(""));
                } else {
                    out.writeByte(change instanceof Delete ? 'D' : 'O');
                    out.writeUTF(change.path());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads what {@link #toBytes()} wrote; empty for anything else (a listing of another format is a miss). */
    public static Optional<LayerListing> fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != FORMAT) {
                return Optional.empty();
            }
            int count = in.readInt();
            List<Change> changes = new ArrayList<>(Math.min(count, 1 << 16));
            for (int i = 0; i < count; i++) {
                int kind = in.readByte();
                String path = in.readUTF();
                switch (kind) {
                    case 'P' -> {
                        TarEntry entry = readEntry(in, path);
                        String digest = in.readUTF();
                        changes.add(new Put(path, entry, digest.isEmpty() ? Optional.empty()
                                : Optional.of(Digest.parse(digest))));
                    }
                    case 'D' -> changes.add(new Delete(path));
                    case 'O' -> changes.add(new Opaque(path));
                    default -> {
                        return Optional.empty();
                    }
                }
            }
            return Optional.of(new LayerListing(changes));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void writeEntry(DataOutputStream out, TarEntry e) throws IOException {
        out.writeByte(e.type().ordinal());
        out.writeInt(e.mode());
        out.writeLong(e.uid());
        out.writeLong(e.gid());
        out.writeLong(e.size());
        out.writeLong(e.modTime().getEpochSecond());
        out.writeInt(e.modTime().getNano());
        out.writeUTF(e.linkName());
        out.writeLong(e.devMajor());
        out.writeLong(e.devMinor());
        out.writeInt(e.xattrs().size());
        for (Map.Entry<String, byte[]> x : e.xattrs().entrySet()) {
            out.writeUTF(x.getKey());
            out.writeInt(x.getValue().length);
            out.write(x.getValue());
        }
    }

    private static TarEntry readEntry(DataInputStream in, String path) throws IOException {
        EntryType type = EntryType.values()[in.readByte()];
        TarEntry.Builder b = TarEntry.builder(path.isEmpty() ? "./" : path, type)
                .mode(in.readInt())
                .owner(in.readLong(), in.readLong())
                .size(in.readLong())
                .modTime(Instant.ofEpochSecond(in.readLong(), in.readInt()))
                .linkName(in.readUTF())
                .device(in.readLong(), in.readLong());
        int xattrs = in.readInt();
        Map<String, byte[]> values = new TreeMap<>();
        for (int i = 0; i < xattrs; i++) {
            String key = in.readUTF();
            byte[] value = new byte[in.readInt()];
            in.readFully(value);
            values.put(key, value);
        }
        return b.xattrs(values).build();
    }
}
