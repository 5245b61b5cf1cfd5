package dev.lamina.dockerfile;

/**
 * Where something is in a Dockerfile: 1-based lines and columns, both ends inclusive of the text they
 * name ({@code endColumn} is the column just after the last character). BuildKit itself records only lines;
 * columns here point at the first character of the instruction (or of the offending line) so that a user's
 * editor lands on it.
 */
public record SourceRange(int startLine, int startColumn, int endLine, int endColumn) {
    public SourceRange {
        if (startLine < 1 || startColumn < 1 || endLine < startLine || endColumn < 1) {
            throw new IllegalArgumentException("invalid range " + startLine + ":" + startColumn + "-" + endLine + ":"
                    + endColumn);
        }
    }

    /** The start of one line. */
    public static SourceRange line(int line) {
        return new SourceRange(line, 1, line, 1);
    }

    /** A span of whole lines, as BuildKit reports them. */
    public static SourceRange lines(int startLine, int endLine) {
        return new SourceRange(startLine, 1, Math.max(startLine, endLine), 1);
    }

    /** {@code line:column} of the start, the form error messages use. */
    public String start() {
        return startLine + ":" + startColumn;
    }
}
