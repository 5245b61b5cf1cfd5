package dev.lamina.dockerfile.instructions;

/** {@code MAINTAINER name} (deprecated in favour of a label). */
public record Maintainer(Source source, String maintainer) implements Instruction {
    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
