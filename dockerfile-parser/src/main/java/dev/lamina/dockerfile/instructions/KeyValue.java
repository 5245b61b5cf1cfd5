package dev.lamina.dockerfile.instructions;

/**
 * One ENV or LABEL pair, unexpanded: quotes and escapes are still in {@code key} and {@code value}
 * ({@code ENV A="b c"} has the value {@code "b c"} with its quotes; expansion removes them). {@code legacy}
 * marks the old {@code ENV key value} form, whose value is the whole rest of the line.
 */
public record KeyValue(String key, String value, boolean legacy) {
}
