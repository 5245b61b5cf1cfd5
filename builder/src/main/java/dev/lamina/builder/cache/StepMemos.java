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
 * for a large context is most of a no-change rebuild's work. A memo, filed under what the step is (its operation,
 * the layers below, where it reads), keeps the key found last time with the versions of the context paths the step
 * looked at ({@link dev.lamina.builder.context.ReadLog}); a step reading a stage or image keeps no paths, as the
 * chain ID in its memo key fixes that content. While every path is at its recorded version, selecting and
 * fingerprinting again would give the same key. Anything unreadable is no memo: the step takes the long way.
 */
public final class StepMemos {
    private static final int FORMAT = 1;
    private final Store store;
    private final CacheLayout layout;

    public StepMemos(Store store) {
        this.store = store;
        this.layout = CacheLayout.of(store);
    }

    /** The key remembered under {@code memo}, if every path it lists under {@code root} is unchanged. */
    public Optional<Digest> lookup(Digest memo, Path root) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(
                Files.readAllBytes(layout.memo(memo))))) {
            if (in.readInt() != FORMAT) {
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

    /** Remembers {@code key} under {@code memo}, with the versions of the paths the step read to find it. */
    public void remember(Digest memo, Digest key, Map<String, FileVersion> reads) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + reads.size() * 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeUTF(key.toString());
            out.writeInt(reads.size());
            for (Map.Entry<String, FileVersion> read : reads.entrySet()) {
                out.writeUTF(read.getKey());
                read.getValue().writeTo(out);
            }
        }
        store.writeMetadata(layout.memo(memo), bytes.toByteArray());
    }
}
