package dev.lamina.dockerfile.instructions;

import java.util.List;

/** {@code LABEL K=V …} or the legacy {@code LABEL K V}. */
public record Label(Source source, List<KeyValue> pairs) implements Instruction {
    public Label {
        pairs = List.copyOf(pairs);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
