package dev.lamina.dockerfile.instructions;

/** {@code USER user[:group]}. */
public record User(Source source, String user) implements Instruction {
    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
