package dev.lamina.dockerfile.instructions;

import dev.lamina.dockerfile.DockerfileException;
import dev.lamina.dockerfile.Warning;
import dev.lamina.dockerfile.parser.Node;
import dev.lamina.dockerfile.parser.ParseTree;
import dev.lamina.dockerfile.parser.RawParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw nodes to typed stages (BuildKit's {@code instructions.Parse}): ARGs before the first FROM are global,
 * every other instruction belongs to the stage its FROM opened.
 */
public final class Instructions {
    /** The typed view of a parse tree, with the findings of the checks that need only the file. */
    public record Parsed(List<Arg> globalArgs, List<Stage> stages, List<Warning> warnings) {
        public Parsed {
            globalArgs = List.copyOf(globalArgs);
            stages = List.copyOf(stages);
            warnings = List.copyOf(warnings);
        }
    }

    private Instructions() {
    }

    /**
     * Types every node of {@code tree}.
     *
     * @throws DockerfileException at the first instruction BuildKit would reject
     */
    public static Parsed from(String file, ParseTree tree) {
        Lints lints = new Lints();
        tree.warnings().forEach(lints::add);
        List<Arg> globalArgs = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        From from = null;
        List<Instruction> current = new ArrayList<>();
        for (Node node : tree.nodes()) {
            Object parsed = NodeParser.parse(file, node, lints);
            if (parsed instanceof From f) {
                if (from != null) {
                    stages.add(new Stage(from, current));
                }
                from = f;
                current = new ArrayList<>();
            } else if (from == null && parsed instanceof Arg arg) {
                globalArgs.add(arg);
            } else if (from == null) {
                throw ((Instruction) parsed).source().error("no build stage in current context");
            } else {
                current.add((Instruction) parsed);
            }
        }
        if (from != null) {
            stages.add(new Stage(from, current));
        }
        StageChecks.run(globalArgs, stages, lints);
        return new Parsed(globalArgs, stages, lints.sorted());
    }

    /**
     * Parses the ONBUILD triggers of a base image (its config's {@code OnBuild} list) into the instructions a
     * child build runs first, as BuildKit does: joined into one Dockerfile, each must be a stage instruction.
     *
     * @throws DockerfileException naming {@code file} (for example the base image's reference)
     */
    public static List<Instruction> parseTriggers(String file, List<String> triggers) {
        ParseTree tree = RawParser.parse(file, String.join("\n", triggers).getBytes(StandardCharsets.UTF_8));
        List<Instruction> out = new ArrayList<>();
        for (Node node : tree.nodes()) {
            Object parsed = NodeParser.parse(file, node, new Lints());
            if (!(parsed instanceof Instruction instruction)) {
                throw ((From) parsed).source().error("FROM isn't allowed as an ONBUILD trigger");
            }
            out.add(instruction);
        }
        return out;
    }
}
