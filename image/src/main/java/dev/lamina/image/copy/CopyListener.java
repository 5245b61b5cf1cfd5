package dev.lamina.image.copy;

import dev.lamina.image.Descriptor;

/** What a copy reports as it goes; the CLI turns it into progress lines or bars. */
public interface CopyListener {
    CopyListener NONE = new CopyListener() {
    };

    /** A blob the destination already has. */
    default void blobSkipped(Descriptor blob) {
    }

    default void blobStarted(Descriptor blob) {
    }

    /** {@code bytes} more of {@code blob} have been moved. */
    default void blobProgress(Descriptor blob, long bytes) {
    }

    default void blobDone(Descriptor blob) {
    }

    default void manifestWritten(Descriptor manifest) {
    }
}
