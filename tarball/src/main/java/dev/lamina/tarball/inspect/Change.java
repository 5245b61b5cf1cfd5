package dev.lamina.tarball.inspect;

import dev.lamina.tarball.tar.EntryType;

/**
 * What one layer did to one path, as {@code docker diff} reports it: added ({@code A}), changed ({@code C}:
 * something was there and the layer put something new), deleted ({@code D}: the layers below had it and a
 * whiteout or an opaque directory hides it). {@code path} has no leading slash; {@code type} is what the path is
 * now (for a deletion: what it was); {@code size} is the content size written, or for a deletion the content
 * bytes removed with everything below the path.
 */
public record Change(Kind kind, String path, EntryType type, long size) {
    /** The three kinds, with the letter {@code docker diff} prints for each. */
    public enum Kind {
        ADDED('A'), CHANGED('C'), DELETED('D');

        private final char letter;

        Kind(char letter) {
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }
    }
}
