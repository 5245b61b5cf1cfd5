package dev.lamina.tarball.docker;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.copy.ImageDestination;
import dev.lamina.image.io.DigestingInputStream;
import dev.lamina.image.io.DigestingOutputStream;
import dev.lamina.image.io.TempNames;
import dev.lamina.image.io.Transfer;
import dev.lamina.image.io.VerifyingInputStream;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.json.Json;
import dev.lamina.image.json.JsonMembers;
import dev.lamina.image.json.Manifest;
import dev.lamina.tarball.apply.ApplyOptions;
import dev.lamina.tarball.archive.ArchiveOutput;
import dev.lamina.tarball.compress.Decompressors;
import dev.lamina.tarball.compress.SizeLimitedInputStream;
import dev.lamina.tarball.tar.TarEntry;
import dev.lamina.tarball.tar.TarWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes what {@code docker save} writes: the config as {@code <hex>.json}; per layer a legacy directory
 * {@code <id>/} with {@code VERSION}, {@code json} and the uncompressed {@code layer.tar} (a layer already
 * written is linked, as Docker links it); {@code manifest.json} with Config, RepoTags and Layers; and
 * {@code repositories}. Several images share layers and configs, written once.
 *
 * <p>The format has no manifests and no compressed layers. The copy engine hands over blobs before the
 * manifest that says where they go, so configs are kept in memory, and layers wait. Written to a file, a layer is
 * only noted, and read once when its manifest arrives: straight into the archive, decompressed if it is
 * compressed, its tar header's size put in afterwards. Written to a stream, which cannot go back, its first bytes
 * are read as it arrives: an uncompressed layer is noted (its size and diffID are its descriptor's) and read
 * once more when its manifest arrives; a compressed one is decompressed to a spool file (possibly several at
 * once), because a tar header needs the size before the content. Each blob is verified against its descriptor,
 * and each layer's content against the config's diffID.
 */
public final class DockerArchiveDestination implements ImageDestination {
    private static final long CONFIG_LIMIT = 64L * 1024 * 1024;

    private final ArchiveOutput output;
    private final TarWriter tar;
    private final String description;
    private final Path spoolDir;
    private final Map<Digest, byte[]> configs = new ConcurrentHashMap<>();
    private final Map<Digest, PreparedLayer> layers = new ConcurrentHashMap<>();
    private final Set<String> written = new HashSet<>();
    private final Map<Digest, String> layerFiles = new HashMap<>();
    private final List<SavedImage> images = new ArrayList<>();
    private final Map<String, Map<String, String>> repositories = new TreeMap<>();

    /** An image written to the archive, waiting for its names. */
    private record SavedImage(Digest manifest, String config, List<String> layers, String topId, List<String> tags) {
    }

    /** A layer ready to be written as an archive member. */
    private interface PreparedLayer {
        /** Its uncompressed content's digest, when known before it is written. */
        Optional<Digest> diffId();

        /** Writes it as {@code entry} (a regular file; the size is the layer's), its content checked as {@code diffId}. */
        void write(TarWriter tar, TarEntry entry, Digest diffId) throws IOException;
    }

    private DockerArchiveDestination(ArchiveOutput output, String description, Path spoolParent) throws IOException {
        this.output = output;
        this.description = description;
        this.tar = new TarWriter(output.stream());
        this.spoolDir = TempNames.createDirectory(spoolParent, spoolParent == null ? "lamina-save-" : ".lamina-save-");
    }

    /**
     * Writes to {@code output}; {@code spoolParent} (null: the system's temporary directory) holds decompressed
     * layers while they wait.
     */
    public static DockerArchiveDestination open(ArchiveOutput output, String description, Path spoolParent)
            throws IOException {
        return output.openOrClose(() -> new DockerArchiveDestination(output, description, spoolParent));
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean acceptsIndex() {
        return false;
    }

    @Override
    public boolean hasBlob(Descriptor descriptor) {
        return configs.containsKey(descriptor.digest()) || layers.containsKey(descriptor.digest());
    }

    @Override
    public void putBlob(Descriptor descriptor, BlobContent content) throws IOException {
        String what = "blob " + descriptor.digest() + " for " + description;
        if (descriptor.mediaType().isConfig()) {
            if (descriptor.size() > CONFIG_LIMIT) {
                throw new LaminaException(what + ": an implausibly large config (" + descriptor.size() + " bytes)");
            }
            try (InputStream in = new VerifyingInputStream(content.open(), descriptor.digest(), descriptor.size(), what)) {
                configs.put(descriptor.digest(), in.readAllBytes());
            }
            return;
        }
        if (!descriptor.mediaType().isLayer()) {
            throw new LaminaException(description + " holds container images only; " + descriptor.digest()
                    + " is " + descriptor.mediaType());
        }
        Optional<TarWriter.Patcher> patcher = output.patcher();
        if (patcher.isPresent()) {
            layers.put(descriptor.digest(), new Deferred(descriptor, content, patcher.get(), what));
            return;
        }
        // its first bytes say whether it must be decompressed now or can wait
        try (VerifyingInputStream raw = new VerifyingInputStream(content.open(), descriptor.digest(),
                descriptor.size(), what); BufferedInputStream in = new BufferedInputStream(raw, 1 << 16)) {
            Decompressors.Format format = Decompressors.detect(in);
            layers.put(descriptor.digest(), format == Decompressors.Format.NONE ? new Direct(descriptor, content, what)
                    : decompress(descriptor, Decompressors.wrap(in, format), raw, what));
        }
    }

    /** An uncompressed layer: read when its manifest comes, verified as it is written. */
    private record Direct(Descriptor descriptor, BlobContent content, String what) implements PreparedLayer {
        @Override
        public Optional<Digest> diffId() {
            return Optional.of(descriptor.digest());
        }

        @Override
        public void write(TarWriter tar, TarEntry entry, Digest diffId) throws IOException {
            try (InputStream in = new VerifyingInputStream(content.open(), descriptor.digest(), descriptor.size(),
                    what)) {
                tar.write(entry.toBuilder().size(descriptor.size()).build(), in);
            }
        }
    }

    /**
     * A layer bound for a file: read when its manifest comes, straight into the archive (decompressed if it is
     * compressed), the member's size put in afterwards; the blob's bytes are verified on the way, the content at
     * the end.
     */
    private record Deferred(Descriptor descriptor, BlobContent content, TarWriter.Patcher patcher, String what)
            implements PreparedLayer {
        @Override
        public Optional<Digest> diffId() {
            return Optional.empty();
        }

        @Override
        public void write(TarWriter tar, TarEntry entry, Digest diffId) throws IOException {
            try (VerifyingInputStream raw = new VerifyingInputStream(content.open(), descriptor.digest(),
                    descriptor.size(), what); BufferedInputStream in = new BufferedInputStream(raw, 1 << 16)) {
                Decompressors.Format format = Decompressors.detect(in);
                if (format == Decompressors.Format.NONE) {
                    // the blob is the layer: its digest, verified as it is read, is its content's
                    check(descriptor.digest(), diffId);
                    tar.write(entry.toBuilder().size(descriptor.size()).build(), in);
                    return;
                }
                try (DigestingInputStream uncompressed = new DigestingInputStream(new SizeLimitedInputStream(
                        Decompressors.wrap(in, format), ApplyOptions.DEFAULT_MAX_LAYER_BYTES, what))) {
                    tar.writeSizedLater(entry, uncompressed, patcher);
                    raw.drain();
                    check(uncompressed.digest(), diffId);
                }
            }
        }

        private void check(Digest content, Digest diffId) {
            if (!content.equals(diffId)) {
                throw new LaminaException(what + ": its content is " + content + ", but the config's diff_id is "
                        + diffId);
            }
        }
    }

    /** A compressed layer, decompressed into the spool; {@code raw} verifies the compressed bytes on the way. */
    private PreparedLayer decompress(Descriptor descriptor, InputStream decompressing, VerifyingInputStream raw,
            String what) throws IOException {
        Path file = spoolDir.resolve(descriptor.digest().hex() + ".tar");
        DigestingOutputStream tar;
        try (InputStream uncompressed = new SizeLimitedInputStream(decompressing, ApplyOptions.DEFAULT_MAX_LAYER_BYTES,
                what); OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 17)) {
            tar = new DigestingOutputStream(out);
            Transfer.copy(uncompressed, tar);
            raw.drain();
        }
        Digest spooled = tar.digest();
        long size = tar.count();
        return new PreparedLayer() {
            @Override
            public Optional<Digest> diffId() {
                return Optional.of(spooled);
            }

            @Override
            public void write(TarWriter archive, TarEntry entry, Digest diffId) throws IOException {
                try (InputStream in = Files.newInputStream(file)) {
                    archive.write(entry.toBuilder().size(size).build(), in);
                }
            }
        };
    }

    @Override
    public synchronized void putManifest(Descriptor descriptor, byte[] bytes) throws IOException {
        if (images.stream().anyMatch(i -> i.manifest().equals(descriptor.digest()))) {
            return; // the same image again, under another name: one entry with both tags, as docker save writes
        }
        String what = "image " + descriptor.digest();
        Manifest manifest = Manifest.parse(bytes, "manifest " + descriptor.digest());
        byte[] configBytes = configs.get(manifest.config().digest());
        if (configBytes == null) {
            throw new LaminaException(what + ": " + description + " holds container images only, and this has no"
                    + " image config (" + manifest.config().mediaType() + ")");
        }
        ImageConfig config = ImageConfig.parse(configBytes, "image config " + manifest.config().digest());
        List<Digest> diffIds = config.diffIds();
        if (diffIds.size() != manifest.layers().size()) {
            throw new LaminaException(what + ": the manifest has " + manifest.layers().size()
                    + " layers, the config " + diffIds.size() + " diff_ids");
        }
        for (int i = 0; i < diffIds.size(); i++) {
            PreparedLayer layer = layers.get(manifest.layers().get(i).digest());
            Optional<Digest> held = layer.diffId();
            if (held.isPresent() && !held.get().equals(diffIds.get(i))) {
                throw new LaminaException(what + ": layer " + manifest.layers().get(i).digest() + " holds "
                        + held.get() + ", but the config's diff_id is " + diffIds.get(i));
            }
        }
        Instant created = config.created().orElse(Instant.EPOCH);
        String configFile = manifest.config().digest().hex() + ".json";
        if (written.add(configFile)) {
            file(configFile, configBytes, created);
        }
        List<LegacyLayers.Layer> legacy = LegacyLayers.of(config.tree(), diffIds);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < legacy.size(); i++) {
            LegacyLayers.Layer layer = legacy.get(i);
            String path = layer.id() + "/layer.tar";
            paths.add(path);
            if (written.add(layer.id())) {
                writeLayer(layer, layers.get(manifest.layers().get(i).digest()), created);
            }
        }
        images.add(new SavedImage(descriptor.digest(), configFile, paths, legacy.isEmpty() ? ""
                : legacy.get(legacy.size() - 1).id(), new ArrayList<>()));
    }

    private void writeLayer(LegacyLayers.Layer layer, PreparedLayer content, Instant created) throws IOException {
        String dir = layer.id() + "/";
        tar.write(TarEntry.directory(dir).toBuilder().modTime(created).build());
        file(dir + "VERSION", "1.0".getBytes(StandardCharsets.US_ASCII), created);
        file(dir + "json", layer.json(), created);
        String path = dir + "layer.tar";
        String first = layerFiles.get(layer.diffId());
        if (first != null) {
            // the same content under another chain: linked, as docker save links it
            tar.write(TarEntry.symlink(path, "../" + first).toBuilder().modTime(created).build());
            return;
        }
        content.write(tar, TarEntry.file(path, 0).toBuilder().modTime(created).build(), layer.diffId());
        layerFiles.put(layer.diffId(), path);
    }

    private void file(String name, byte[] bytes, Instant time) throws IOException {
        tar.write(TarEntry.file(name, bytes.length).toBuilder().modTime(time).build(), new ByteArrayInputStream(bytes));
    }

    @Override
    public synchronized void tag(Descriptor topLevel, String name) {
        ImageReference reference = ImageReference.parse(name);
        if (reference.tag().isEmpty()) {
            return; // docker save names images by tag only
        }
        for (int i = images.size() - 1; i >= 0; i--) {
            SavedImage image = images.get(i);
            if (image.manifest().equals(topLevel.digest())) {
                String familiar = reference.withoutDigest().familiar();
                if (!image.tags().contains(familiar)) {
                    image.tags().add(familiar);
                }
                repositories.computeIfAbsent(reference.withoutDigest().withoutTag().familiar(), r -> new TreeMap<>())
                        .put(reference.tag().get(), image.topId());
                return;
            }
        }
        throw new IllegalStateException("image " + topLevel.digest() + " was named before it was written");
    }

    @Override
    public synchronized void commit() throws IOException {
        List<ArchiveManifest.Entry> entries = new ArrayList<>();
        for (SavedImage image : images) {
            entries.add(new ArchiveManifest.Entry(image.config(), image.tags(), image.layers()));
        }
        if (entries.isEmpty()) {
            throw new LaminaException("nothing to write to " + description);
        }
        if (!repositories.isEmpty()) {
            byte[] json = Json.write(out -> {
                out.writeStartObject();
                for (Map.Entry<String, Map<String, String>> repository : repositories.entrySet()) {
                    JsonMembers.textMap(out, repository.getKey(), repository.getValue()); // never empty: a tag each
                }
                out.writeEndObject();
            });
            file("repositories", (new String(json, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8),
                    Instant.EPOCH);
        }
        file("manifest.json", new ArchiveManifest(entries).toBytes(), Instant.EPOCH);
        tar.finish();
        output.commit();
    }

    @Override
    public void close() throws IOException {
        try {
            output.close();
        } finally {
            try (var files = Files.list(spoolDir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(spoolDir);
        }
    }
}
