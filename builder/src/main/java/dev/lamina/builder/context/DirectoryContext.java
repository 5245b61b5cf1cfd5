package dev.lamina.builder.context;

import dev.lamina.dockerfile.ignore.IgnoreFile;
import dev.lamina.dockerfile.ignore.IgnoreMatcher;
import dev.lamina.dockerfile.ignore.IgnorePatternException;
import dev.lamina.image.LaminaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A context that is a directory, and whether lamina owns it (extracted or checked out) and removes it on close. */
final class DirectoryContext implements BuildContext {
    private final Path root;
    private final IgnoreMatcher ignore;
    private final String ignoreFileName;
    private final String description;
    private final Optional<Path> owned;

    DirectoryContext(Path root, IgnoreMatcher ignore, String ignoreFileName, String description, Optional<Path> owned) {
        this.root = root;
        this.ignore = ignore;
        this.ignoreFileName = ignoreFileName;
        this.description = description;
        this.owned = owned;
    }

    /** The context at {@code root}, its ignore file found as BuildKit finds it for {@code dockerfile}. */
    static DirectoryContext open(Path root, Path dockerfile, String description, Optional<Path> owned) {
        if (!Files.isDirectory(root)) {
            throw new LaminaException("the build context " + description + " is not a directory");
        }
        Path real;
        try {
            real = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Optional<Path> ignoreFile = IgnoreFile.locate(real, dockerfile);
        IgnoreMatcher matcher;
        try {
            matcher = ignoreFile.isEmpty() ? IgnoreMatcher.empty()
                    : IgnoreMatcher.compile(IgnoreFile.read(Files.readAllBytes(ignoreFile.get())));
        } catch (IgnorePatternException e) {
            throw new LaminaException(ignoreFile.get().getFileName() + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = ignoreFile.map(p -> p.getFileName().toString()).orElse(".dockerignore");
        return new DirectoryContext(real, matcher, name, description, owned);
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public IgnoreMatcher ignore() {
        return ignore;
    }

    @Override
    public String ignoreFileName() {
        return ignoreFileName;
    }

    @Override
    public boolean lasting() {
        return owned.isEmpty();
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        owned.ifPresent(TempDirectories::deleteQuietly);
    }
}
