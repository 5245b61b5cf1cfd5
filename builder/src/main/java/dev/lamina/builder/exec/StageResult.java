package dev.lamina.builder.exec;

import dev.lamina.builder.state.ImageState;
import java.util.List;
import java.util.Set;

/**
 * A built stage: its image, the ARG names it declared (a stage built on it inherits them, for RUN's history), and
 * the build arguments it consumed (for the unused-argument warning).
 */
record StageResult(ImageState state, List<String> declaredArgs, Set<String> usedBuildArgs) {
    StageResult {
        declaredArgs = List.copyOf(declaredArgs);
        usedBuildArgs = Set.copyOf(usedBuildArgs);
    }
}
