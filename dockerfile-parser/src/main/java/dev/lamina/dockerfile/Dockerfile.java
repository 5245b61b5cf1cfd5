package dev.lamina.dockerfile;

import dev.lamina.dockerfile.instructions.Arg;
import dev.lamina.dockerfile.instructions.Instructions;
import dev.lamina.dockerfile.instructions.Stage;
import dev.lamina.dockerfile.parser.Directives;
import dev.lamina.dockerfile.parser.ParseTree;
import dev.lamina.dockerfile.parser.RawParser;
import dev.lamina.dockerfile.shell.ShellLex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A Dockerfile read exactly as BuildKit (Dockerfile frontend 1.x) reads it: the typed stages, the global ARGs
 * (those before the first FROM, which only FROM lines see unless a stage redeclares them), the directives, and
 * the findings of BuildKit's build checks that need nothing but the file. Words are as written; expand them with
 * {@link #lexer()} following each instruction's {@link dev.lamina.dockerfile.instructions.ExpandRule}.
 *
 * @param file the name the file was parsed under, used in every error and location
 * @param escape the escape character, {@code \} or {@code `}
 * @param checks the {@code # check=} directive (the warnings below already omit skipped rules)
 */
public record Dockerfile(String file, int escape, Directives directives, Checks checks, List<Arg> globalArgs,
        List<Stage> stages, List<Warning> warnings) {
    public Dockerfile {
        globalArgs = List.copyOf(globalArgs);
        stages = List.copyOf(stages);
        warnings = List.copyOf(warnings);
    }

    /**
     * Parses {@code content}, naming it {@code file} in errors.
     *
     * @throws DockerfileException where BuildKit would refuse the file
     */
    public static Dockerfile parse(String file, byte[] content) {
        ParseTree tree = RawParser.parse(file, content);
        Checks checks = tree.directives().check().map(found -> {
            try {
                return Checks.parse(found.cmdline());
            } catch (IllegalArgumentException e) {
                throw new DockerfileException(file, SourceRange.line(Math.max(1, found.line())),
                        "failed to parse check options: " + e.getMessage());
            }
        }).orElse(Checks.DEFAULT);
        Instructions.Parsed parsed = Instructions.from(file, tree);
        List<Warning> warnings = parsed.warnings().stream().filter(w -> checks.reports(w.rule())).toList();
        return new Dockerfile(file, tree.escape(), tree.directives(), checks, parsed.globalArgs(), parsed.stages(),
                warnings);
    }

    /**
     * Reads and parses {@code path}; errors name it as given.
     *
     * @throws DockerfileException where BuildKit would refuse the file
     * @throws IOException if it cannot be read
     */
    public static Dockerfile read(Path path) throws IOException {
        return parse(path.toString(), Files.readAllBytes(path));
    }

    /** The word expander for this file's escape character. */
    public ShellLex lexer() {
        return new ShellLex(escape);
    }

    /**
     * The stage a build target names: by name (case-insensitively, as BuildKit matches), or the last stage when
     * {@code target} is empty.
     */
    public Optional<Stage> stage(Optional<String> target) {
        if (target.isEmpty()) {
            return stages.isEmpty() ? Optional.empty() : Optional.of(stages.get(stages.size() - 1));
        }
        String wanted = target.get();
        return stages.stream().filter(s -> s.name().filter(n -> n.equalsIgnoreCase(wanted)).isPresent()).findFirst();
    }
}
