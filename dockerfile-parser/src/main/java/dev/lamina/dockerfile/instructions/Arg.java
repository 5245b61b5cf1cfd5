package dev.lamina.dockerfile.instructions;

import java.util.List;

/**
 * {@code ARG NAME[=default] …}: declares build arguments for the rest of the stage (or, before the first FROM, for
 * FROM lines).
 */
public record Arg(Source source, List<ArgDefinition> definitions) implements Instruction {
    public Arg {
        definitions = List.copyOf(definitions);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
