package dev.lamina.tarball.inspect;

import dev.lamina.tarball.tar.TarEntry;

/**
 * What one entry of a layer does to the filesystem below it, whiteouts decoded. Paths are relative to the
 * image root, without leading or trailing slashes ({@code ""} is the root).
 */
public sealed interface LayerChange {
    String path();

    /** Puts something at {@code path}: an addition or a change, depending on what the layers below hold. */
    record Write(String path, TarEntry entry) implements LayerChange {
    }

    /** A whiteout: {@code path} (and everything below it) of the layers below is deleted. */
    record Delete(String path) implements LayerChange {
    }

    /** An opaque marker: the directory at {@code path} loses what the layers below put in it. */
    record Opaque(String path) implements LayerChange {
    }
}
