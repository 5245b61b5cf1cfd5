package dev.lamina.dockerfile.instructions;

import java.util.List;

/**
 * {@code EXPOSE 80 80/tcp 53/udp 8000-8010 …}: the words, unexpanded, sorted as BuildKit sorts them before
 * expanding.
 */
public record Expose(Source source, List<String> ports) implements Instruction {
    public Expose {
        ports = List.copyOf(ports);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
