package dev.lamina.dockerfile.parser;

/** A reason to reject the line being parsed; the parser adds where it is. */
final class ParseFailure extends RuntimeException {
    ParseFailure(String reason) {
        super(reason, null, false, false);
    }
}
