package dev.lamina.dockerfile.parser;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One instruction as BuildKit's parser sees it, before any meaning is given to it.
 *
 * @param keyword the instruction word as written ({@code RUN}, {@code run}, {@code From})
 * @param flags the leading {@code --name=value} words, quotes removed
 * @param args the argument values (for ENV and LABEL, triples key, value, separator; for an unknown
 *     instruction, one empty string)
 * @param subCommand for ONBUILD, the instruction it wraps
 * @param json whether the arguments were written as a JSON array (exec form)
 * @param heredocs the here-documents read after the line
 * @param original the logical line, continuation lines joined as BuildKit joins them
 * @param startLine the first physical line (1-based)
 * @param endLine the last physical line, continuations and heredoc bodies included
 * @param column the 1-based column of the keyword on the first line
 * @param endColumn the column just after the last character of the last line
 * @param comments the comment lines right above the instruction
 */
public record Node(String keyword, List<String> flags, List<String> args, Optional<Node> subCommand, boolean json,
        List<Heredoc> heredocs, String original, int startLine, int endLine, int column, int endColumn,
        List<String> comments) {
    public Node {
        Objects.requireNonNull(keyword);
        flags = List.copyOf(flags);
        args = List.copyOf(args);
        Objects.requireNonNull(subCommand);
        heredocs = List.copyOf(heredocs);
        Objects.requireNonNull(original);
        comments = List.copyOf(comments);
    }

    Node withHeredocs(List<Heredoc> docs) {
        return new Node(keyword, flags, args, subCommand, json, docs, original, startLine, endLine, column, endColumn,
                comments);
    }

    Node at(int start, int end, int startColumn, int lastColumn) {
        return new Node(keyword, flags, args, subCommand.map(s -> s.at(start, end, startColumn, lastColumn)), json,
                heredocs, original, start, end, startColumn, lastColumn, comments);
    }
}
