package dev.lamina.tarball.oci;

import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.NotFoundException;
import dev.lamina.tarball.archive.ArchiveContents;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Where an OCI image layout's files are: a directory, or the members of an archive. */
interface LayoutStorage extends Closeable {
    String description();

    /** A small top-level file ({@code index.json}, {@code oci-layout}), if present. */
    Optional<byte[]> readFile(String name, long limit) throws IOException;

    /** {@code blobs/<algorithm>/<hex>}, or a clear not-found naming the layout. */
    InputStream openBlob(Digest digest) throws IOException;

    static String blobPath(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.hex();
    }

    static LayoutStorage directory(Path dir, String description) {
        return new LayoutStorage() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public Optional<byte[]> readFile(String name, long limit) throws IOException {
                Path file = dir.resolve(name);
                if (!Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                if (Files.size(file) > limit) {
                    throw new LaminaException(description + ": " + name + " is implausibly large");
                }
                return Optional.of(Files.readAllBytes(file));
            }

            @Override
            public InputStream openBlob(Digest digest) throws IOException {
                try {
                    return Files.newInputStream(dir.resolve(blobPath(digest)));
                } catch (NoSuchFileException e) {
                    throw new NotFoundException(description + ": blob " + digest + " is missing ("
                            + blobPath(digest) + ")");
                }
            }

            @Override
            public void close() {
            }
        };
    }

    static LayoutStorage archive(ArchiveContents archive) {
        return new LayoutStorage() {
            @Override
            public String description() {
                return archive.description();
            }

            @Override
            public Optional<byte[]> readFile(String name, long limit) throws IOException {
                Optional<ArchiveContents.Member> member = archive.find(name);
                return member.isEmpty() ? Optional.empty() : Optional.of(archive.read(member.get(), limit));
            }

            @Override
            public InputStream openBlob(Digest digest) throws IOException {
                ArchiveContents.Member member = archive.find(blobPath(digest)).orElseThrow(() ->
                        new NotFoundException(archive.description() + ": blob " + digest + " is missing ("
                                + blobPath(digest) + ")"));
                return archive.open(member);
            }

            @Override
            public void close() throws IOException {
                archive.close();
            }
        };
    }
}
