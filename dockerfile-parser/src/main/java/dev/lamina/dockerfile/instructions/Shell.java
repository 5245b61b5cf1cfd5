package dev.lamina.dockerfile.instructions;

import java.util.List;

/** {@code SHELL ["executable", "parameters"]} (JSON form only). */
public record Shell(Source source, List<String> shell) implements Instruction {
    public Shell {
        shell = List.copyOf(shell);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
