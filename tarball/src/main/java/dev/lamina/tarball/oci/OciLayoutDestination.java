package dev.lamina.tarball.oci;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.MediaType;
import dev.lamina.image.copy.ImageDestination;
import dev.lamina.image.io.TempNames;
import dev.lamina.image.io.Transfer;
import dev.lamina.image.io.VerifyingInputStream;
import dev.lamina.image.json.ImageIndex;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * An OCI image layout directory as a copy destination, new or existing. Blobs are written to a temporary file,
 * verified against their descriptor while written, synced and renamed into {@code blobs/}; several at once.
 * {@code index.json} is replaced in one rename at commit, keeping the entries (and unknown fields) already
 * there, except those whose name this copy reuses.
 */
public final class OciLayoutDestination implements ImageDestination {
    static final byte[] OCI_LAYOUT = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

    private final Path dir;
    private final Path temp;
    private final String description;
    private final LayoutIndexBuilder index = new LayoutIndexBuilder();

    private OciLayoutDestination(Path dir, String description) throws IOException {
        this.dir = dir;
        this.description = description;
        Files.createDirectories(dir);
        this.temp = dir.resolve(".lamina-tmp");
    }

    public static OciLayoutDestination open(Path dir, String description) throws IOException {
        return new OciLayoutDestination(dir, description);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean hasBlob(Descriptor descriptor) throws IOException {
        Path blob = blob(descriptor.digest());
        return Files.isRegularFile(blob) && Files.size(blob) == descriptor.size();
    }

    @Override
    public void putBlob(Descriptor descriptor, BlobContent content) throws IOException {
        try (InputStream in = new VerifyingInputStream(content.open(), descriptor.digest(), descriptor.size(),
                "blob " + descriptor.digest() + " for " + description)) {
            write(descriptor.digest(), in);
        }
    }

    @Override
    public void putManifest(Descriptor descriptor, byte[] bytes) throws IOException {
        LayoutIndexBuilder.Stored stored = index.prepare(descriptor, bytes);
        if (!Files.isRegularFile(blob(stored.descriptor().digest()))) {
            write(stored.descriptor().digest(), new java.io.ByteArrayInputStream(stored.bytes()));
        }
    }

    @Override
    public void tag(Descriptor topLevel, String name) {
        index.name(topLevel, name);
    }

    @Override
    public void commit() throws IOException {
        Path indexJson = dir.resolve("index.json");
        ImageIndex existing = Files.isRegularFile(indexJson)
                ? ImageIndex.parse(Files.readAllBytes(indexJson), "index.json in " + description)
                : ImageIndex.of(MediaType.OCI_INDEX, List.of());
        List<Descriptor> entries = index.entries(existing.manifests());
        replace(indexJson, existing.withManifests(entries).toBytes());
        if (!Files.isRegularFile(dir.resolve("oci-layout"))) {
            replace(dir.resolve("oci-layout"), OCI_LAYOUT);
        }
    }

    @Override
    public void close() throws IOException {
        if (Files.isDirectory(temp)) {
            try (var leftovers = Files.list(temp)) {
                for (Path p : leftovers.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(temp);
        }
    }

    private Path blob(Digest digest) {
        return dir.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    /** Writes a verified stream to its blob path, through a synced temporary file and a rename. */
    private void write(Digest digest, InputStream in) throws IOException {
        Path target = blob(digest);
        Files.createDirectories(target.getParent());
        Files.createDirectories(temp);
        Path file = temp.resolve(TempNames.unique() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                Transfer.copy(in, out);
                channel.force(true);
            }
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void replace(Path target, byte[] content) throws IOException {
        Files.createDirectories(temp);
        Path file = temp.resolve(TempNames.unique() + ".tmp");
        Files.write(file, content);
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
