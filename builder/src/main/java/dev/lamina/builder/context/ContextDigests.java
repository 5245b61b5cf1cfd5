package dev.lamina.builder.context;

import dev.lamina.builder.cache.KeyHasher;
import dev.lamina.image.Digest;
import dev.lamina.image.store.Store;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The content digests of a build context's files from the last build, kept in the store per context directory and
 * trusted while the file is at the same {@link FileVersion}: a rebuild stats its context instead of reading it. A
 * {@linkplain FileVersion#racy racy} version is not kept, as its time may not show a change made in the same second.
 */
public final class ContextDigests {
    private static final int FORMAT = 2;

    private final Store store;
    private final Path file;
    private final Map<String, Entry> known;
    private final Map<String, Entry> seen = new HashMap<>();
    private boolean changed;

    private record Entry(FileVersion version, Digest digest) {
    }

    private ContextDigests(Store store, Path file, Map<String, Entry> known) {
        this.store = store;
        this.file = file;
        this.known = known;
    }

    /** The digests recorded for the context at {@code root} (none, when nothing is recorded or readable). */
    public static ContextDigests load(Store store, Path root) {
        Path file = dev.lamina.builder.cache.CacheLayout.of(store).contextDigests().resolve(new KeyHasher("context").add("root", root.toString()).digest().hex());
        Map<String, Entry> known = new HashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (in.readInt() == FORMAT) {
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    String path = in.readUTF();
                    known.put(path, new Entry(FileVersion.readFrom(in), Digest.parse(in.readUTF())));
                }
            }
        } catch (IOException | RuntimeException e) {
            known.clear(); // absent or damaged: every file is read again
        }
        return new ContextDigests(store, file, known);
    }

    /** The digest recorded for {@code path} if the file is still as it was then. */
    public Optional<Digest> lookup(String path, FileVersion version) {
        Entry entry = known.get(path);
        if (entry != null && entry.version().equals(version)) {
            seen.put(path, entry);
            return Optional.of(entry.digest());
        }
        return Optional.empty();
    }

    /** Records a digest just computed. */
    public void record(String path, FileVersion version, Digest digest) {
        if (version.racy(FileVersion.nowNanos())) {
            return;
        }
        seen.put(path, new Entry(version, digest));
        changed = true;
    }

    /**
     * Keeps what this build recorded, with what earlier builds recorded (another Dockerfile may copy other files of
     * the same context), if anything is new.
     */
    public void save() throws IOException {
        if (!changed) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            Map<String, Entry> all = new HashMap<>(known);
            all.putAll(seen);
            out.writeInt(all.size());
            for (Map.Entry<String, Entry> e : all.entrySet()) {
                out.writeUTF(e.getKey());
                e.getValue().version().writeTo(out);
                out.writeUTF(e.getValue().digest().toString());
            }
        }
        store.writeMetadata(file, bytes.toByteArray());
    }
}
