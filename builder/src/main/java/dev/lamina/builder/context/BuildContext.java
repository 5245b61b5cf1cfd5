package dev.lamina.builder.context;

import dev.lamina.dockerfile.ignore.IgnoreMatcher;
import java.io.Closeable;
import java.nio.file.Path;

/**
 * The files a build may COPY: a directory (the one given, or one lamina extracted or checked out and removes on
 * {@link #close()}), with the {@code .dockerignore} that hides some of them.
 */
public interface BuildContext extends Closeable {
    /** The context's top directory. */
    Path root();

    /** What the context's ignore file excludes (nothing when it has none). */
    IgnoreMatcher ignore();

    /** How messages name the ignore file: {@code .dockerignore}, {@code app.Dockerfile.dockerignore}. */
    String ignoreFileName();

    /**
     * Whether the directory outlives the build (the user's own, not one lamina made), so that what a build learns of
     * its files is worth keeping for the next.
     */
    boolean lasting();

    /** How messages name the context: the directory, {@code stdin}, the git URL. */
    String description();

    /** Removes what lamina made for the context; a directory given by the user is left alone. */
    @Override
    void close();
}
