package dev.lamina.dockerfile.parser;

import dev.lamina.dockerfile.Warning;
import java.util.List;

/**
 * A parsed Dockerfile before interpretation: the instructions in order, the escape character in force, the
 * parser directives, and the parser's warnings (empty continuation lines).
 */
public record ParseTree(List<Node> nodes, int escape, Directives directives, List<Warning> warnings) {
    public ParseTree {
        nodes = List.copyOf(nodes);
        warnings = List.copyOf(warnings);
    }

    /** BuildKit's parse-tree dump: one {@code (keyword ["--flag"] "arg" …)} line per instruction. */
    public String dump() {
        return TreeDump.dump(this);
    }
}
