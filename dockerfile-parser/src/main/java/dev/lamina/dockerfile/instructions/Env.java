package dev.lamina.dockerfile.instructions;

import java.util.List;

/** {@code ENV K=V …} or the legacy {@code ENV K V}. */
public record Env(Source source, List<KeyValue> pairs) implements Instruction {
    public Env {
        pairs = List.copyOf(pairs);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
