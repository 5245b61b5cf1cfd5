package dev.lamina.builder.plan;

import dev.lamina.image.ImageReference;

/** What a stage starts from. */
public sealed interface StageBase {
    /** {@code FROM scratch}: nothing. */
    record Scratch() implements StageBase {
    }

    /** {@code FROM name} where an earlier stage is named so. */
    record Stage(int index) implements StageBase {
    }

    /** {@code FROM image}: from the store or a registry. */
    record Image(ImageReference reference) implements StageBase {
    }
}
