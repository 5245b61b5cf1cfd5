package dev.lamina.dockerfile.instructions;

import java.util.List;
import java.util.Optional;

/** A build stage: its FROM and the instructions up to the next FROM, in order. */
public record Stage(From from, List<Instruction> instructions) {
    public Stage {
        instructions = List.copyOf(instructions);
    }

    /** The stage's name ({@code AS name}), lower-cased. */
    public Optional<String> name() {
        return from.stageName();
    }
}
