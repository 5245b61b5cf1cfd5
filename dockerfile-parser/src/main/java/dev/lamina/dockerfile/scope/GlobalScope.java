package dev.lamina.dockerfile.scope;

import dev.lamina.dockerfile.instructions.Arg;
import dev.lamina.dockerfile.instructions.ArgDefinition;
import dev.lamina.dockerfile.shell.EnvLookup;
import dev.lamina.dockerfile.shell.ShellLex;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The variables FROM lines see: the automatic platform ARGs, then each global ARG (those before the first FROM)
 * in order, its value the {@code --build-arg} if one is given, else its default expanded with the ARGs before
 * it; an ARG with neither is set to the empty string, as in BuildKit.
 */
public final class GlobalScope implements EnvLookup {
    private final Map<String, String> values;
    private final Set<String> declared;
    private final Set<String> usedBuildArgs;

    private GlobalScope(Map<String, String> values, Set<String> declared, Set<String> usedBuildArgs) {
        this.values = values;
        this.declared = declared;
        this.usedBuildArgs = usedBuildArgs;
    }

    /**
     * @throws dev.lamina.dockerfile.DockerfileException when a default cannot be expanded, at its ARG
     */
    public static GlobalScope resolve(List<Arg> globalArgs, Map<String, String> buildArgs,
            Map<String, String> platformArgs, ShellLex lex) {
        Map<String, String> values = new LinkedHashMap<>(platformArgs);
        Set<String> declared = new LinkedHashSet<>();
        Set<String> used = new LinkedHashSet<>();
        for (Arg arg : globalArgs) {
            for (ArgDefinition definition : arg.definitions()) {
                String value;
                if (buildArgs.containsKey(definition.name())) {
                    value = buildArgs.get(definition.name());
                    used.add(definition.name());
                } else {
                    value = definition.defaultValue()
                            .map(d -> Scopes.expand(lex, d, EnvLookup.of(values), arg.source()))
                            .orElse("");
                }
                values.put(definition.name(), value);
                declared.add(definition.name());
            }
        }
        return new GlobalScope(Map.copyOf(values), Set.copyOf(declared), Set.copyOf(used));
    }

    @Override
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** Whether a global ARG declares {@code name} (a stage may then inherit it with a bare {@code ARG name}). */
    public boolean declares(String name) {
        return declared.contains(name);
    }

    /** The build arguments a global ARG consumed (for BuildKit's "unused build-arg" warning). */
    public Set<String> usedBuildArgs() {
        return usedBuildArgs;
    }
}
