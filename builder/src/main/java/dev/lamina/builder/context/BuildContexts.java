package dev.lamina.builder.context;

import dev.lamina.image.LaminaException;
import dev.lamina.tarball.apply.ApplyOptions;
import dev.lamina.tarball.apply.LayerApplier;
import dev.lamina.tarball.compress.Decompressors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/** The three kinds of build context: a directory, a tar (on stdin), a git repository. */
public final class BuildContexts {
    private BuildContexts() {
    }

    /**
     * A directory, used in place. {@code dockerfile} is where the Dockerfile is (its
     * {@code <name>.dockerignore} sibling wins over the context's {@code .dockerignore}).
     */
    public static BuildContext directory(Path dir, Path dockerfile) {
        return DirectoryContext.open(dir, dockerfile, dir.toString(), Optional.empty());
    }

    /**
     * A tar stream (plain, gzip, bzip2, xz or zstd), extracted into a temporary directory with the same safe
     * applier layers use (nothing can land outside it). {@code dockerfile} is the Dockerfile's path inside it.
     */
    public static BuildContext tar(InputStream in, String dockerfile, Consumer<String> warnings) throws IOException {
        Path dir = TempDirectories.create("lamina-context");
        try {
            Decompressors.Opened opened = Decompressors.open(in);
            new LayerApplier(dir, ApplyOptions.defaults(warnings)).apply(opened.content(), "the build context tar");
            return DirectoryContext.open(dir, dir.resolve(dockerfile), "stdin", Optional.of(dir));
        } catch (IOException | RuntimeException e) {
            TempDirectories.deleteQuietly(dir);
            throw e;
        }
    }

    /** A git repository ({@code https://host/repo.git#ref:subdir}), cloned with JGit into a temporary directory. */
    public static BuildContext git(GitSource source, String dockerfile) throws IOException {
        Path dir = TempDirectories.create("lamina-git-context");
        try {
            source.checkout(dir, false);
            Path root = source.within(dir);
            return DirectoryContext.open(root, root.resolve(dockerfile), source.remote(), Optional.of(dir));
        } catch (IOException | RuntimeException e) {
            TempDirectories.deleteQuietly(dir);
            throw e;
        }
    }

    /** Whether a CONTEXT argument names a git repository rather than a directory. */
    public static Optional<GitSource> gitSource(String argument) {
        try {
            return GitSource.parse(argument);
        } catch (LaminaException e) {
            return Optional.empty();
        }
    }
}
