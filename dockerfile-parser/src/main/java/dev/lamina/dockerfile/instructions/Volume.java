package dev.lamina.dockerfile.instructions;

import java.util.List;

/** {@code VOLUME} with a JSON array or words. */
public record Volume(Source source, List<String> paths) implements Instruction {
    public Volume {
        paths = List.copyOf(paths);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.visit(this);
    }
}
