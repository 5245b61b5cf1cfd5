package dev.lamina.builder.copy;

import dev.lamina.tarball.compress.Decompressors;
import dev.lamina.tarball.tar.TarReader;
import java.io.IOException;
import java.io.InputStream;

/**
 * ADD's archive detection, as BuildKit's: a local file is unpacked when it is a tar (plain, gzip, bzip2, xz or zstd)
 * whose first header reads cleanly; anything else, an empty tar included, is copied as a file.
 */
final class Archives {
    private Archives() {
    }

    static boolean isTar(InputStream content) throws IOException {
        try (InputStream in = content) {
            Decompressors.Opened opened = Decompressors.open(in);
            return new TarReader(opened.content()).next().isPresent();
        } catch (IOException | RuntimeException e) {
            // not a tar, or not the compressed stream its magic number promised: copied as it is (a real read
            // error of the file shows when it is copied)
            return false;
        }
    }
}
