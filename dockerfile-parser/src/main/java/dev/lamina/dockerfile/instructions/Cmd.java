package dev.lamina.dockerfile.instructions;

/** {@code CMD}: the image's default command (exec or shell form). */
public record Cmd(Source source, CommandArgs command) implements Instruction {
    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
