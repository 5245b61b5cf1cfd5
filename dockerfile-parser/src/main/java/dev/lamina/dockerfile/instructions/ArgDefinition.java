package dev.lamina.dockerfile.instructions;

import java.util.Optional;

/** One name declared by ARG, with its default when it has one ({@code ARG V} has none, {@code ARG V=} an empty one). */
public record ArgDefinition(String name, Optional<String> defaultValue) {
}
