package dev.lamina.dockerfile.scope;

import dev.lamina.dockerfile.instructions.Arg;
import dev.lamina.dockerfile.instructions.ArgDefinition;
import dev.lamina.dockerfile.shell.EnvLookup;
import dev.lamina.dockerfile.shell.ShellLex;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The variables instructions of one stage see, by BuildKit's rules: the stage's environment (the base image's
 * ENV, then its own ENV instructions) always wins over an ARG of the same name; an {@code ARG NAME} takes the
 * {@code --build-arg} value if given, else its default (expanded with what the stage sees at that point), else
 * the global ARG's value if a global ARG declares it, else the automatic platform value; otherwise it is
 * declared but unset. Global ARGs are not visible in a stage until redeclared. Not thread-safe: one per stage.
 */
public final class StageScope implements EnvLookup {
    private final Map<String, String> env;
    private final Map<String, String> args = new LinkedHashMap<>();
    private final Set<String> usedBuildArgs = new LinkedHashSet<>();
    private final Map<String, String> buildArgs;
    private final GlobalScope global;
    private final Map<String, String> platformArgs;
    private final ShellLex lex;

    public StageScope(Map<String, String> imageEnv, Map<String, String> buildArgs, GlobalScope global,
            Map<String, String> platformArgs, ShellLex lex) {
        this.env = new LinkedHashMap<>(imageEnv);
        this.buildArgs = Map.copyOf(buildArgs);
        this.global = global;
        this.platformArgs = Map.copyOf(platformArgs);
        this.lex = lex;
    }

    /**
     * Applies an ARG instruction of this stage.
     *
     * @throws dev.lamina.dockerfile.DockerfileException when a default cannot be expanded, at the ARG
     */
    public void declare(Arg arg) {
        for (ArgDefinition definition : arg.definitions()) {
            String name = definition.name();
            if (buildArgs.containsKey(name)) {
                args.put(name, buildArgs.get(name));
                usedBuildArgs.add(name);
            } else if (definition.defaultValue().isPresent()) {
                args.put(name, Scopes.expand(lex, definition.defaultValue().get(), this, arg.source()));
            } else if (global.declares(name)) {
                args.put(name, global.get(name).orElse(""));
            } else if (platformArgs.containsKey(name)) {
                args.put(name, platformArgs.get(name));
            } else {
                args.remove(name);
            }
        }
    }

    /** Records an ENV value (already expanded) for the rest of the stage. */
    public void setEnv(String name, String value) {
        env.put(name, value);
    }

    @Override
    public Optional<String> get(String name) {
        String value = env.get(name);
        return Optional.ofNullable(value != null ? value : args.get(name));
    }

    /** The ARG values in effect, for RUN's environment (BuildKit adds them there without persisting them). */
    public Map<String, String> args() {
        return Collections.unmodifiableMap(args);
    }

    /** The stage's environment: image ENV and ENV instructions. */
    public Map<String, String> env() {
        return Collections.unmodifiableMap(env);
    }

    /** The build arguments this stage's ARGs consumed. */
    public Set<String> usedBuildArgs() {
        return Collections.unmodifiableSet(usedBuildArgs);
    }
}
