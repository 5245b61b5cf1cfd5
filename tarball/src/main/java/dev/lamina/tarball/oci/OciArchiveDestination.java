package dev.lamina.tarball.oci;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.MediaType;
import dev.lamina.image.copy.ImageDestination;
import dev.lamina.image.io.VerifyingInputStream;
import dev.lamina.image.json.ImageIndex;
import dev.lamina.tarball.archive.ArchiveOutput;
import dev.lamina.tarball.tar.TarEntry;
import dev.lamina.tarball.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An OCI image layout written as a tar stream (oci-archive): {@code oci-layout} first, each blob as it
 * arrives (its size is in its descriptor, so it streams straight from the source, verified on the way), and
 * {@code index.json} last. Nothing is staged on disk, so it writes to a pipe as well as to a file. One blob at
 * a time, since a tar is one sequential stream.
 */
public final class OciArchiveDestination implements ImageDestination {
    private final ArchiveOutput output;
    private final TarWriter tar;
    private final String description;
    private final LayoutIndexBuilder index = new LayoutIndexBuilder();
    private final Set<Digest> written = new HashSet<>();
    private final Set<String> directories = new HashSet<>();

    private OciArchiveDestination(ArchiveOutput output, String description) throws IOException {
        this.output = output;
        this.description = description;
        this.tar = new TarWriter(output.stream());
        tar.write(TarEntry.file("oci-layout", OciLayoutDestination.OCI_LAYOUT.length),
                new ByteArrayInputStream(OciLayoutDestination.OCI_LAYOUT));
    }

    public static OciArchiveDestination open(ArchiveOutput output, String description) throws IOException {
        return output.openOrClose(() -> new OciArchiveDestination(output, description));
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public synchronized boolean hasBlob(Descriptor descriptor) {
        return written.contains(descriptor.digest());
    }

    @Override
    public synchronized void putBlob(Descriptor descriptor, BlobContent content) throws IOException {
        if (written.contains(descriptor.digest())) {
            return;
        }
        try (InputStream in = new VerifyingInputStream(content.open(), descriptor.digest(), descriptor.size(),
                "blob " + descriptor.digest() + " for " + description)) {
            writeBlob(descriptor.digest(), descriptor.size(), in);
        }
    }

    @Override
    public synchronized void putManifest(Descriptor descriptor, byte[] bytes) throws IOException {
        LayoutIndexBuilder.Stored stored = index.prepare(descriptor, bytes);
        Digest digest = stored.descriptor().digest();
        if (!written.contains(digest)) {
            writeBlob(digest, stored.bytes().length, new ByteArrayInputStream(stored.bytes()));
        }
    }

    @Override
    public synchronized void tag(Descriptor topLevel, String name) {
        index.name(topLevel, name);
    }

    @Override
    public synchronized void commit() throws IOException {
        byte[] indexJson = ImageIndex.of(MediaType.OCI_INDEX, index.entries(List.of())).toBytes();
        tar.write(TarEntry.file("index.json", indexJson.length), new ByteArrayInputStream(indexJson));
        tar.finish();
        output.commit();
    }

    @Override
    public int maxParallelBlobs() {
        return 1;
    }

    @Override
    public void close() throws IOException {
        output.close();
    }

    private void writeBlob(Digest digest, long size, InputStream in) throws IOException {
        directory("blobs/");
        directory("blobs/" + digest.algorithm() + "/");
        tar.write(TarEntry.file("blobs/" + digest.algorithm() + "/" + digest.hex(), size), in);
        written.add(digest);
    }

    private void directory(String name) throws IOException {
        if (directories.add(name)) {
            tar.write(TarEntry.directory(name));
        }
    }
}
