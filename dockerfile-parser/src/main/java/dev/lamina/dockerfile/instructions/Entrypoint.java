package dev.lamina.dockerfile.instructions;

/** {@code ENTRYPOINT}: the image's entrypoint (exec or shell form; an empty exec form clears it). */
public record Entrypoint(Source source, CommandArgs command) implements Instruction {
    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
