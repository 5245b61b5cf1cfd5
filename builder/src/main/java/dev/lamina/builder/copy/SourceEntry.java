package dev.lamina.builder.copy;

import dev.lamina.image.Digest;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import java.util.Optional;

/**
 * One path a COPY or ADD reads: where it is in its source ({@code path}, {@code TreePaths} form), its metadata as it
 * will be copied (owners already as the source gives them: 0:0 for the build context), the digest of its content
 * (regular files), and the identity hardlinks share ({@code linkKey}, empty when it has a single link).
 */
record SourceEntry(String path, TarEntry meta, Optional<Digest> content, Optional<String> linkKey) {
    boolean isDirectory() {
        return meta.type() == EntryType.DIRECTORY;
    }

    boolean isRegularFile() {
        return meta.type() == EntryType.REGULAR;
    }
}
