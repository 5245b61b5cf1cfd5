package dev.lamina.dockerfile.instructions;

import java.util.Optional;

/**
 * {@code FROM [--platform=…] IMAGE [AS name]}, the start of a stage. {@code baseName} and {@code platform} are
 * unexpanded: BuildKit expands them with the global ARGs (those before the first FROM) only. {@code stageName}
 * is lower-cased, as BuildKit matches stage names case-insensitively.
 */
public record From(Source source, String baseName, Optional<String> stageName, Optional<String> platform) {
}
