package dev.lamina.dockerfile.instructions;

/**
 * {@code ONBUILD INSTRUCTION …}: {@code expression} is the wrapped instruction's text (heredoc bodies appended),
 * stored in the image and parsed when the image is used as a base ({@link Instructions#parseTriggers}); {@code trigger}
 * is its keyword in upper case.
 */
public record Onbuild(Source source, String trigger, String expression) implements Instruction {
    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
