package dev.lamina.builder.plan;

import dev.lamina.builder.BuildException;
import dev.lamina.dockerfile.Dockerfile;
import dev.lamina.dockerfile.instructions.Add;
import dev.lamina.dockerfile.instructions.Copy;
import dev.lamina.dockerfile.instructions.From;
import dev.lamina.dockerfile.instructions.Instruction;
import dev.lamina.dockerfile.instructions.Run;
import dev.lamina.dockerfile.instructions.Stage;
import dev.lamina.dockerfile.instructions.Workdir;
import dev.lamina.dockerfile.scope.GlobalScope;
import dev.lamina.dockerfile.scope.PlatformArgs;
import dev.lamina.dockerfile.shell.ExpansionException;
import dev.lamina.dockerfile.shell.ShellLex;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.Platform;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a parsed Dockerfile and the build's arguments into a {@link BuildPlan}, checking what BuildKit checks before
 * it builds anything: the target exists, FROM names expand to something, {@code COPY --from} names a stage defined
 * earlier (or else an image), stage indexes exist.
 */
public final class Planner {
    private static final String SCRATCH = "scratch";

    private Planner() {
    }

    /**
     * @param target {@code --target}, or empty for the last stage
     * @param targetPlatform the platform the image is for
     * @param buildPlatform this machine's
     */
    public static BuildPlan plan(Dockerfile dockerfile, Map<String, String> buildArgs, Optional<String> target,
            Platform targetPlatform, Platform buildPlatform) {
        List<Stage> stages = dockerfile.stages();
        if (stages.isEmpty()) {
            throw new BuildException(dockerfile.file() + ": dockerfile contains no stages to build");
        }
        ShellLex lex = dockerfile.lexer();
        Map<String, String> platformArgs = PlatformArgs.of(targetPlatform.toString(), buildPlatform.toString());
        GlobalScope globals = GlobalScope.resolve(dockerfile.globalArgs(), buildArgs, platformArgs, lex);
        Map<String, Integer> byName = new HashMap<>();
        List<PlannedStage> planned = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            From from = stage.from();
            String baseName = expand(lex, from.baseName(), globals, from);
            if (baseName.isEmpty()) {
                throw from.source().error("base name (" + from.baseName() + ") should not be blank");
            }
            StageBase base;
            Integer earlier = byName.get(baseName);
            if (earlier != null) {
                base = new StageBase.Stage(earlier);
            } else if (baseName.equalsIgnoreCase(SCRATCH)) {
                base = new StageBase.Scratch();
            } else {
                try {
                    base = new StageBase.Image(ImageReference.parse(baseName));
                } catch (LaminaException e) {
                    throw from.source().error("failed to parse stage name \"" + baseName + "\": " + e.getMessage());
                }
            }
            Platform platform = targetPlatform;
            if (from.platform().isPresent()) {
                String text = expand(lex, from.platform().get(), globals, from);
                if (text.isEmpty()) {
                    throw from.source().error("empty platform value from expression " + from.platform().get());
                }
                try {
                    platform = Platform.parse(text);
                } catch (LaminaException e) {
                    throw from.source().error("failed to parse platform " + from.platform().get() + ": "
                            + e.getMessage());
                }
            }
            Set<Integer> copiesFrom = new TreeSet<>();
            for (Instruction instruction : stage.instructions()) {
                if (instruction instanceof Copy copy && copy.from().isPresent()) {
                    stageReference(copy.from().get(), stages, i, copy).ifPresent(copiesFrom::add);
                }
            }
            int steps = (base instanceof StageBase.Image ? 1 : 0) + (int) stage.instructions().stream()
                    .filter(in -> in instanceof Copy || in instanceof Add || in instanceof Run || in instanceof Workdir)
                    .count();
            Optional<String> display = stages.size() == 1 ? Optional.empty()
                    : Optional.of(stage.name().orElse("stage-" + i));
            planned.add(new PlannedStage(i, stage, display, baseName, base, platform, from.platform().isPresent(),
                    copiesFrom, steps));
            stage.name().ifPresent(name -> byName.put(name, planned.size() - 1));
        }
        int targetIndex = resolveTarget(dockerfile, target);
        return new BuildPlan(dockerfile, globals, platformArgs, planned, targetIndex, needed(planned, targetIndex));
    }

    /**
     * The stage {@code --from} names, if it names one: an index, or an earlier stage's name; another name is an image.
     * A stage named after the current one is an error, as in BuildKit.
     */
    static Optional<Integer> stageReference(String from, List<Stage> stages, int current, Instruction at) {
        if (from.contains("$")) {
            throw at.source().error("variable expansion is not supported for --from, define a new stage with FROM"
                    + " using ARG from global scope as a workaround");
        }
        if (from.matches("[0-9]+")) {
            int index = Integer.parseInt(from);
            if (index >= stages.size()) {
                throw at.source().error("invalid stage index " + from);
            }
            if (index >= current) {
                throw at.source().error(laterStage(from, stages.get(current)));
            }
            return Optional.of(index);
        }
        for (int j = 0; j < stages.size(); j++) {
            if (stages.get(j).name().filter(n -> n.equalsIgnoreCase(from)).isPresent()) {
                if (j >= current) {
                    throw at.source().error(laterStage(from, stages.get(current)));
                }
                return Optional.of(j);
            }
        }
        return Optional.empty();
    }

    private static String laterStage(String from, Stage current) {
        return "cannot copy from stage \"" + from + "\", it needs to be defined before current stage \""
                + current.name().orElse("") + "\"";
    }

    private static int resolveTarget(Dockerfile dockerfile, Optional<String> target) {
        if (target.isEmpty()) {
            return dockerfile.stages().size() - 1;
        }
        List<Stage> stages = dockerfile.stages();
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).name().filter(n -> n.equalsIgnoreCase(target.get())).isPresent()) {
                return i;
            }
        }
        List<String> names = stages.stream().flatMap(s -> s.name().stream()).toList();
        throw new BuildException("target stage \"" + target.get() + "\" could not be found"
                + (names.isEmpty() ? " (the Dockerfile names no stages)" : " (stages: " + String.join(", ", names)
                + ")"));
    }

    private static Set<Integer> needed(List<PlannedStage> stages, int target) {
        Set<Integer> needed = new LinkedHashSet<>();
        Deque<Integer> pending = new ArrayDeque<>(List.of(target));
        while (!pending.isEmpty()) {
            int index = pending.pop();
            if (!needed.add(index)) {
                continue;
            }
            PlannedStage stage = stages.get(index);
            if (stage.base() instanceof StageBase.Stage base) {
                pending.push(base.index());
            }
            stage.copiesFrom().forEach(pending::push);
        }
        return needed;
    }

    private static String expand(ShellLex lex, String word, GlobalScope scope, From at) {
        try {
            return lex.expand(word, scope);
        } catch (ExpansionException e) {
            throw at.source().error(e.getMessage());
        }
    }
}
