package dev.lamina.dockerfile.ignore;

import dev.lamina.dockerfile.text.GoStrings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading {@code .dockerignore} files as BuildKit reads them. */
public final class IgnoreFile {
    private static final int MAX_LINE_BYTES = 65535;

    private IgnoreFile() {
    }

    /**
     * The patterns of a {@code .dockerignore} (moby's {@code ignorefile.ReadAll}): a byte-order mark dropped, lines
     * whose first character is {@code #} skipped (before trimming), lines trimmed, empty ones skipped, each
     * cleaned like a path with one leading {@code /} removed, a leading {@code !} kept.
     *
     * @throws IgnorePatternException for a line longer than Go's line scanner accepts
     */
    public static List<String> read(byte[] content) {
        List<String> patterns = new ArrayList<>();
        int start = 0;
        boolean first = true;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            if (end - start > MAX_LINE_BYTES) {
                throw new IgnorePatternException("", "error reading .dockerignore: bufio.Scanner: token too long");
            }
            int lineEnd = end > start && content[end - 1] == '\r' ? end - 1 : end;
            int lineStart = start;
            if (first && lineEnd - start >= 3 && (content[start] & 0xFF) == 0xEF && (content[start + 1] & 0xFF) == 0xBB
                    && (content[start + 2] & 0xFF) == 0xBF) {
                lineStart += 3;
            }
            first = false;
            start = end + 1;
            String pattern = GoStrings.decode(content, lineStart, lineEnd);
            if (pattern.startsWith("#")) {
                continue;
            }
            pattern = GoStrings.trimSpace(pattern);
            if (pattern.isEmpty()) {
                continue;
            }
            boolean invert = pattern.charAt(0) == '!';
            if (invert) {
                pattern = GoStrings.trimSpace(pattern.substring(1));
            }
            if (!pattern.isEmpty()) {
                pattern = GoPath.clean(pattern);
                if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                    pattern = pattern.substring(1);
                }
            }
            patterns.add(invert ? "!" + pattern : pattern);
        }
        return patterns;
    }

    /**
     * The ignore file BuildKit uses for a build: {@code <Dockerfile name>.dockerignore} beside the Dockerfile if it
     * exists, else {@code .dockerignore} at the root of the context, else none.
     */
    public static Optional<Path> locate(Path contextDirectory, Path dockerfile) {
        Path specific = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
        if (Files.isRegularFile(specific)) {
            return Optional.of(specific);
        }
        Path general = contextDirectory.resolve(".dockerignore");
        return Files.isRegularFile(general) ? Optional.of(general) : Optional.empty();
    }

    /**
     * The matcher for a build: the patterns of {@link #locate}'s file, or one that excludes nothing.
     *
     * @throws IgnorePatternException for a malformed pattern
     * @throws IOException if the file cannot be read
     */
    public static IgnoreMatcher load(Path contextDirectory, Path dockerfile) throws IOException {
        Optional<Path> file = locate(contextDirectory, dockerfile);
        if (file.isEmpty()) {
            return IgnoreMatcher.empty();
        }
        return IgnoreMatcher.compile(read(Files.readAllBytes(file.get())));
    }
}
