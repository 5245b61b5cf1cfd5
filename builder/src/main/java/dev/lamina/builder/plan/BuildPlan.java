package dev.lamina.builder.plan;

import dev.lamina.dockerfile.Dockerfile;
import dev.lamina.dockerfile.scope.GlobalScope;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a build will do before it does anything: every stage with its base resolved, the target, and the stages the
 * target needs (its base chain and what it copies from, transitively); the others are not built.
 *
 * @param platformArgs the automatic ARGs ({@code TARGETPLATFORM}, {@code BUILDARCH}…)
 */
public record BuildPlan(Dockerfile dockerfile, GlobalScope globals, Map<String, String> platformArgs,
        List<PlannedStage> stages, int target, Set<Integer> needed) {
    public BuildPlan {
        stages = List.copyOf(stages);
        needed = Set.copyOf(needed);
        platformArgs = Map.copyOf(platformArgs);
    }

    public PlannedStage targetStage() {
        return stages.get(target);
    }

    /** A stage by name (case-insensitively, as BuildKit matches) or by index, as {@code --from} names one. */
    public Optional<PlannedStage> find(String nameOrIndex) {
        if (nameOrIndex.matches("[0-9]+")) {
            int index = Integer.parseInt(nameOrIndex);
            return index < stages.size() ? Optional.of(stages.get(index)) : Optional.empty();
        }
        return stages.stream().filter(s -> s.name().filter(n -> n.equalsIgnoreCase(nameOrIndex)).isPresent())
                .findFirst();
    }
}
