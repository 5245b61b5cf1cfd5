package dev.lamina.builder.cache;

import dev.lamina.builder.context.FileVersion;
import dev.lamina.image.Digest;
import dev.lamina.image.store.Store;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Shortcuts to the cache keys of COPY and ADD steps. A step's key needs its sources selected and fingerprinted, which
 * for a large context is most of a no-change rebuild's work. A memo keeps, for what the step is (the memo key: its
 * operation, the layers below, where it reads), the key found last time with the versions of the context paths the
 * step looked at ({@link dev.lamina.builder.context.ReadLog}); a step reading a stage or image keeps no paths, as the
 * chain ID in its memo key fixes that content. While every path is at its recorded version, selecting and
 * fingerprinting again would give the same key. Anything unreadable is no memo: the step takes the long way.
 *
 * <p>A memo is filed under the step's slot, one per step of a Dockerfile like the slots themselves, and replaced each
 * time the step takes the long way: filed under its memo key instead, every edit upstream would leave one behind.
 */
public final class StepMemos {
    private static final int FORMAT = 2;
    private final Store store;
    private final CacheLayout layout;

    public StepMemos(Store store) {
        this.store = store;
        this.layout = CacheLayout.of(store);
    }

    /**
     * The key remembered in {@code slot} for the step {@code memo} names, if every path it lists under {@code root} is
     * unchanged.
     */
    public Optional<Digest> lookup(Digest slot, Digest memo, Path root) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(
                Files.readAllBytes(layout.memo(slot))))) {
            if (in.readInt() != FORMAT || !in.readUTF().equals(memo.toString())) {
                return Optional.empty();
            }
            Digest key = Digest.parse(in.readUTF());
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String path = in.readUTF();
                FileVersion recorded = FileVersion.readFrom(in);
                if (!FileVersion.read(path.isEmpty() ? root : root.resolve(path)).equals(recorded)) {
                    return Optional.empty();
                }
            }
            return Optional.of(key);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // absent, damaged or unreadable: no shortcut
        }
    }

    /**
     * Remembers in {@code slot} that the step {@code memo} names found {@code key}, with the versions of the paths it
     * read to find it.
     */
    public void remember(Digest slot, Digest memo, Digest key, Map<String, FileVersion> reads) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + reads.size() * 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeUTF(memo.toString());
            out.writeUTF(key.toString());
            out.writeInt(reads.size());
            for (Map.Entry<String, FileVersion> read : reads.entrySet()) {
                out.writeUTF(read.getKey());
                read.getValue().writeTo(out);
            }
        }
        store.writeMetadata(layout.memo(slot), bytes.toByteArray());
    }
}
