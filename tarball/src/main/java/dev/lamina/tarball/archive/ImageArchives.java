package dev.lamina.tarball.archive;

import dev.lamina.image.LaminaException;
import dev.lamina.tarball.compress.Decompressors;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens an image archive however it arrives: an uncompressed file is read in place; a compressed file or a
 * stream ({@code docker save | lamina load}) is read once, its large members spooled.
 */
public final class ImageArchives {
    private ImageArchives() {
    }

    /** The two archive formats, told apart by what they hold. */
    public enum Format {
        /** {@code manifest.json} (Docker 25+ adds an OCI layout beside it; manifest.json still leads). */
        DOCKER,
        /** {@code index.json} and {@code blobs/}. */
        OCI
    }

    /** Opens a file; {@code spool} keeps the large members if it must be streamed (it is closed with it). */
    public static ArchiveContents open(Path file, Spool spool, String description) throws IOException {
        if (!Files.isRegularFile(file)) {
            return read(Files.newInputStream(file), spool, description); // a pipe, /dev/stdin
        }
        Decompressors.Format format;
        try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            format = Decompressors.detect(in);
        }
        if (format == Decompressors.Format.NONE) {
            spool.close();
            return IndexedArchive.open(file, description);
        }
        return read(Files.newInputStream(file), spool, description);
    }

    /** Reads a stream to its end, decompressing it if it is compressed. */
    public static ArchiveContents read(InputStream in, Spool spool, String description) throws IOException {
        InputStream content;
        try {
            content = Decompressors.open(in).content();
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw new IOException(description + ": " + e.getMessage(), e);
        }
        try (content) {
            return SpooledArchive.read(content, spool, description);
        }
    }

    /** Which format the archive is, or a clear refusal when it is neither. */
    public static Format format(ArchiveContents archive) {
        if (archive.find("manifest.json").isPresent()) {
            return Format.DOCKER;
        }
        if (archive.find("index.json").isPresent()) {
            return Format.OCI;
        }
        if (archive.find("repositories").isPresent()) {
            throw new LaminaException(archive.description() + ": no manifest.json, only a legacy repositories file:"
                    + " archives from Docker before 1.10 are not supported (save it again with a current Docker)");
        }
        throw new LaminaException(archive.description() + ": not an image archive (neither manifest.json nor"
                + " index.json found)");
    }
}
