package dev.lamina.tarball.archive;

import dev.lamina.image.Digest;
import dev.lamina.image.io.DigestingOutputStream;
import dev.lamina.image.io.TempNames;
import dev.lamina.image.io.Transfer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** A spool in a temporary directory of its own, removed on close. */
public final class TempSpool implements Spool {
    private final Path dir;

    private TempSpool(Path dir) {
        this.dir = dir;
    }

    /** A spool under {@code parent} (or the system's temporary directory). */
    public static TempSpool create(Path parent) throws IOException {
        return new TempSpool(TempNames.createDirectory(parent, parent == null ? "lamina-spool-" : ".lamina-spool-"));
    }

    @Override
    public Spooled put(InputStream content) throws IOException {
        Path temp = dir.resolve(TempNames.unique() + ".tmp");
        DigestingOutputStream out;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
            out = new DigestingOutputStream(file);
            Transfer.copy(content, out);
        }
        Digest digest = out.digest();
        Files.move(temp, path(digest), StandardCopyOption.REPLACE_EXISTING);
        return new Spooled(digest, out.count());
    }

    @Override
    public InputStream open(Digest digest) throws IOException {
        return Files.newInputStream(path(digest));
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Path path(Digest digest) {
        return dir.resolve(digest.algorithm() + "-" + digest.hex());
    }
}
