package dev.lamina.dockerfile.parser;

/** One parser directive ({@code # name=value} at the top of the file), its name in lower case. */
public record Directive(String name, String value, int line) {
}
