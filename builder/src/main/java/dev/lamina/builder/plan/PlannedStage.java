package dev.lamina.builder.plan;

import dev.lamina.dockerfile.instructions.Stage;
import dev.lamina.image.Platform;
import java.util.Optional;
import java.util.Set;

/**
 * A stage of the Dockerfile as the build sees it.
 *
 * @param index its position in the Dockerfile, from 0
 * @param displayName how progress names it: its name, {@code stage-N} for an unnamed one, empty in a single-stage
 *     build
 * @param baseName the FROM argument expanded with the global ARGs
 * @param base what that names
 * @param platform the stage's platform: its {@code FROM --platform}, else the build's target
 * @param explicitPlatform whether FROM named one
 * @param copiesFrom the stages its {@code COPY --from} reads
 * @param steps how many steps progress counts for it (FROM an image, then each ADD, COPY, RUN and WORKDIR)
 */
public record PlannedStage(int index, Stage stage, Optional<String> displayName, String baseName, StageBase base,
        Platform platform, boolean explicitPlatform, Set<Integer> copiesFrom, int steps) {
    public PlannedStage {
        copiesFrom = Set.copyOf(copiesFrom);
    }

    public Optional<String> name() {
        return stage.name();
    }
}
