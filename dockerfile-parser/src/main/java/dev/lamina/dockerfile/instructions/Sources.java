package dev.lamina.dockerfile.instructions;

import java.util.List;

/**
 * What ADD or COPY copies and where: source paths (unexpanded), inline sources written as heredocs, and the
 * destination (unexpanded). BuildKit copies the inline sources after the paths.
 */
public record Sources(List<String> paths, List<InlineFile> inline, String destination) {
    public Sources {
        paths = List.copyOf(paths);
        inline = List.copyOf(inline);
    }
}
