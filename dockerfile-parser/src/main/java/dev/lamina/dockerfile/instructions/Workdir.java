package dev.lamina.dockerfile.instructions;

/** {@code WORKDIR path}. */
public record Workdir(Source source, String path) implements Instruction {
    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
