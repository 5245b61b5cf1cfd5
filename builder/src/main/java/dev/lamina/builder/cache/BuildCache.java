package dev.lamina.builder.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.lamina.builder.LayerRef;
import dev.lamina.image.Digest;
import dev.lamina.image.json.Json;
import dev.lamina.image.json.JsonFields;
import dev.lamina.image.json.JsonWritable;
import dev.lamina.image.store.GarbageCollector;
import dev.lamina.image.store.Store;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The build cache, kept in the store ({@link CacheLayout}): a record per step result, written atomically like the
 * rest of the store, whose layers count as garbage-collection roots ({@link #roots()}), so that a cached layer
 * outlives the images that used it until the cache itself is dropped ({@link #clear()}, which {@code lamina prune}
 * does unless told to keep the cache).
 */
public final class BuildCache {
    private final Store store;
    private final CacheLayout layout;

    public BuildCache(Store store) {
        this.store = store;
        this.layout = CacheLayout.of(store);
    }

    /** The record under {@code key}, if there is one and its layer is still in the store. */
    public Optional<CacheRecord> lookup(Digest key) {
        try {
            CacheRecord record = CacheRecord.parse(Files.readAllBytes(layout.step(key)), "cache record " + key);
            return store.hasBlob(record.layer().digest()) ? Optional.of(record) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a damaged record is a miss: the step runs and writes it again
        }
    }

    public void record(Digest key, LayerRef layer, String created, String step) throws IOException {
        store.writeMetadata(layout.step(key), Json.write(new CacheRecord(layer.descriptor(), layer.diffId(), created,
                step)));
    }

    /** What a step slot read last time (see {@link #explainMiss}). */
    public record Slot(Digest key, Digest parent, Digest operation, Map<String, String> files) implements JsonWritable {
        public Slot {
            files = files == null ? Map.of() : new LinkedHashMap<>(files);
        }

        static Slot parse(byte[] bytes, String what) {
            JsonFields json = JsonFields.parse(bytes, what);
            return new Slot(json.parsed("key", Digest::parse).orElse(null),
                    json.parsed("parent", Digest::parse).orElse(null),
                    json.parsed("operation", Digest::parse).orElse(null), json.textMap("files"));
        }

        /** {@code key} first: {@link #slotKeyIs} reads only the start of the file. */
        @Override
        public void writeJson(JsonGenerator out) throws IOException {
            out.writeStartObject();
            out.writeStringField("key", key == null ? null : key.toString());
            out.writeStringField("parent", parent == null ? null : parent.toString());
            out.writeStringField("operation", operation == null ? null : operation.toString());
            out.writeObjectFieldStart("files");
            for (Map.Entry<String, String> file : files.entrySet()) {
                out.writeStringField(file.getKey(), file.getValue());
            }
            out.writeEndObject();
            out.writeEndObject();
        }
    }

    /** Remembers what the step in {@code slot} read this time, unless that is what is remembered already. */
    public void remember(Digest slot, Digest key, Digest parent, Digest operation, StepInputs inputs)
            throws IOException {
        if (slotKeyIs(slot, key)) {
            return;
        }
        store.writeMetadata(layout.slot(slot), Json.write(new Slot(key, parent, operation, inputs.files())));
    }

    /**
     * Why the step in {@code slot} could not be taken from the cache, compared with the last build that ran it: an
     * earlier step changed its file system, the instruction changed, or which of its files changed. Empty for a step
     * never built before.
     */
    public Optional<String> explainMiss(Digest slot, Digest key, Digest parent, Digest operation, StepInputs inputs) {
        Optional<Slot> previous = readSlot(slot);
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        Slot last = previous.get();
        if (last.key().equals(key)) {
            return Optional.of("its cache record is gone (the cache was pruned)");
        }
        if (!last.operation().equals(operation)) {
            return Optional.of("the instruction changed since the last build");
        }
        List<String> changes = inputs.changesSince(last.files());
        if (!changes.isEmpty()) {
            return Optional.of(String.join("; ", changes) + " since the last build");
        }
        if (!last.parent().equals(parent)) {
            return Optional.of("an earlier step changed");
        }
        return Optional.empty();
    }

    /** Whether the slot remembers {@code key}, read from the record's start: parsing every file is not needed. */
    public boolean slotKeyIs(Digest slot, Digest key) {
        byte[] prefix = ("{\"key\":\"" + key + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.io.InputStream in = Files.newInputStream(layout.slot(slot))) {
            return java.util.Arrays.equals(in.readNBytes(prefix.length), prefix);
        } catch (IOException e) {
            return false;
        }
    }

    private Optional<Slot> readSlot(Digest slot) {
        try {
            return Optional.of(Slot.parse(Files.readAllBytes(layout.slot(slot)), "cache slot " + slot));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The blobs the cache keeps alive: every recorded layer. */
    public List<Digest> roots() throws IOException {
        List<Digest> digests = new ArrayList<>();
        if (!Files.isDirectory(layout.steps())) {
            return digests;
        }
        try (DirectoryStream<Path> records = Files.newDirectoryStream(layout.steps())) {
            for (Path file : records) {
                try {
                    digests.add(CacheRecord.parse(Files.readAllBytes(file), "cache record").layer().digest());
                } catch (IOException | RuntimeException e) {
                    // a record being replaced, or damaged: it protects nothing
                }
            }
        }
        return digests;
    }

    /** The cache as garbage-collection roots. */
    public GarbageCollector.Roots asRoots() {
        return this::roots;
    }

    /** Drops every record, slot and listing; the layers they kept become collectable. Returns the records dropped. */
    public int clear() throws IOException {
        int records = count(layout.steps());
        for (Path dir : List.of(layout.steps(), layout.slots(), layout.listings(), layout.contextDigests(),
                layout.memos())) {
            deleteTree(dir);
        }
        return records;
    }

    private static int count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return (int) files.count();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(dir);
    }
}
