package dev.lamina.image.copy;

import dev.lamina.image.Descriptor;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where images come from: the store, an archive, a layout, a registry. An endpoint implements only these
 * few operations; everything else (platform choice, configs, copying) is derived from them.
 */
public interface ImageSource extends Closeable {
    /** Names the source in messages, as the user wrote it ({@code docker-archive:app.tar}). */
    String description();

    /** The top-level images the source holds, each with the names it carries there. */
    List<NamedImage> images() throws IOException;

    /**
     * The top-level descriptor (a manifest or an index) that {@code name} picks; with no name, the one
     * image the source was opened for, or its only image. Missing or ambiguous names fail clearly.
     */
    Descriptor resolve(Optional<String> name) throws IOException;

    /** The exact bytes of a manifest or index, verified against {@code descriptor}. */
    byte[] readManifest(Descriptor descriptor) throws IOException;

    /**
     * Opens a blob, from {@code offset} on. The stream is not verified here: whoever consumes it checks
     * size and digest while writing (see {@code VerifyingInputStream}).
     */
    InputStream openBlob(Descriptor descriptor, long offset) throws IOException;

    /** An image and its names in a source. */
    record NamedImage(Descriptor descriptor, List<String> names) {
        public NamedImage {
            names = List.copyOf(names);
        }
    }

    @Override
    default void close() throws IOException {
    }
}
