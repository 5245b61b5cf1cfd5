package dev.lamina.dockerfile.instructions;

import dev.lamina.dockerfile.DockerfileException;
import dev.lamina.dockerfile.SourceRange;

/**
 * Where an instruction came from: the file, the keyword as written ({@code run}, {@code RUN}), the logical
 * line trimmed (continuations joined, as BuildKit keeps it for the image history), and its lines.
 */
public record Source(String file, String keyword, String original, SourceRange range) {
    /** An error at this instruction, worded {@code reason}. */
    public DockerfileException error(String reason) {
        return new DockerfileException(file, range, reason);
    }
}
