package dev.lamina.builder.copy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where COPY and ADD read their sources: the build context on disk, or the file tree of a stage or image. One
 * interface, so that the copy rules (wildcards, a directory's contents, symlinks followed at the top only) are
 * written once for both.
 */
interface SourceFs {
    /** The entry at exactly {@code path} (a final symlink is the symlink), unless absent or hidden. */
    Optional<SourceEntry> lstat(String path) throws IOException;

    /** {@code path} with every symlink followed inside the source's root. */
    String resolve(String path) throws IOException;

    /** The visible entries directly in the directory {@code dir}, in name order. */
    List<SourceEntry> children(String dir) throws IOException;

    /** The content of a regular file found here. */
    InputStream open(SourceEntry entry) throws IOException;

    /** Why {@code path} is not visible although it exists: the {@code .dockerignore} rule that excludes it. */
    default Optional<String> hiddenBy(String path) {
        return Optional.empty();
    }

    /** How messages name the source: {@code the build context}, {@code stage builder}. */
    String description();

    /** Whether this is the build context (whose files are owned by root in the image, as BuildKit sends them). */
    boolean isContext();
}
