package dev.lamina.dockerfile.instructions;

/** {@code STOPSIGNAL signal}. */
public record StopSignal(Source source, String signal) implements Instruction {
    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
