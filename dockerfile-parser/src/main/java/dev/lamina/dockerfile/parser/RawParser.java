package dev.lamina.dockerfile.parser;

import dev.lamina.dockerfile.DockerfileException;
import dev.lamina.dockerfile.SourceRange;
import dev.lamina.dockerfile.Warning;
import dev.lamina.dockerfile.text.GoStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * BuildKit's Dockerfile parser ({@code parser.Parse}): physical lines to logical instruction lines
 * (directives, comments, continuations, empty continuation lines), each split into keyword, flags and argument
 * nodes, with heredoc bodies read after the lines that open them. It gives no meaning to instructions; unknown
 * keywords are kept (the typed layer rejects them).
 */
public final class RawParser {
    static final String NO_EMPTY_CONTINUATION_URL = "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/";
    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("add", "copy", "run");

    private final String file;
    private final PhysicalLines lines;
    private final DirectiveParser directiveParser = new DirectiveParser("#", 0);
    private final List<Directive> directives = new ArrayList<>();
    private final List<Warning> warnings = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final String text;
    private int escape = '\\';

    private RawParser(String file, byte[] content) {
        this.file = file;
        this.lines = new PhysicalLines(content);
        this.text = GoStrings.decode(content);
    }

    /**
     * Parses {@code content}, naming it {@code file} in errors.
     *
     * @throws DockerfileException where BuildKit's parser fails
     */
    public static ParseTree parse(String file, byte[] content) {
        return new RawParser(file, content).run();
    }

    private ParseTree run() {
        List<String> comments = new ArrayList<>();
        while (lines.hasNext()) {
            PhysicalLines.Line first = lines.next();
            if (isComment(first.text())) {
                String comment = GoStrings.trimSpace(first.text().substring(1));
                if (comment.isEmpty()) {
                    comments.clear();
                } else {
                    comments.add(comment);
                }
            }
            Continuation start = Continuation.of(processLine(first, true), escape);
            if (start.ended() && start.text().isEmpty()) {
                continue; // a blank or comment line between instructions
            }
            LogicalLine logical = readContinuation(start, first);
            int column = 1 + (int) first.text().codePoints().takeWhile(GoStrings::isSpace).count();
            if (logical.emptyContinuation()) {
                warnings.add(new Warning("NoEmptyContinuation", "Empty continuation line found in: " + logical.text(),
                        "Empty continuation lines will become errors in a future release", NO_EMPTY_CONTINUATION_URL,
                        SourceRange.line(lines.number())));
            }
            PhysicalLines.Line last = logical.last();
            Node node;
            try {
                node = newNode(logical.text(), comments);
                if (canContainHeredoc(node) && logical.text().contains("<<")) {
                    List<Heredoc> docs = new ArrayList<>();
                    for (Heredoc doc : HeredocWords.fromLine(logical.text())) {
                        Body body = readBody(doc);
                        last = body.last();
                        docs.add(doc.withContent(body.content()));
                    }
                    node = node.withHeredocs(docs);
                }
            } catch (ParseFailure f) {
                throw error(first.number(), column, lines.number(), f.getMessage());
            }
            int endColumn = 1 + (int) last.text().codePoints().count();
            nodes.add(node.at(first.number(), lines.number(), column, endColumn));
            comments.clear();
        }
        if (nodes.isEmpty()) {
            throw error(Math.max(1, lines.number()), 1, Math.max(1, lines.number()), "file with no instructions");
        }
        if (lines.tooLong()) {
            throw error(lines.number() + 1, 1, lines.number() + 1,
                    "dockerfile line greater than max allowed size of " + PhysicalLines.MAX_LINE_BYTES);
        }
        Directives found = new Directives(escape, directives, Directives.detectSyntax(text),
                Directives.detect("check", text));
        return new ParseTree(nodes, escape, found, warnings);
    }

    /** An instruction's line once its continuations are joined. */
    private record LogicalLine(String text, PhysicalLines.Line last, boolean emptyContinuation) {
    }

    /**
     * Joins continuation lines as BuildKit does: comment lines inside are skipped, blank ones skipped but
     * remembered (they earn a warning), the others appended with their indentation and without a separator.
     */
    private LogicalLine readContinuation(Continuation start, PhysicalLines.Line first) {
        StringBuilder text = new StringBuilder(start.text());
        boolean ended = start.ended();
        boolean emptyContinuation = false;
        PhysicalLines.Line last = first;
        while (!ended && lines.hasNext()) {
            PhysicalLines.Line next = lines.next();
            last = next;
            String line = processLine(next, false);
            if (isComment(next.text())) {
                continue;
            }
            if (GoStrings.trimLeftSpace(line).isEmpty()) {
                emptyContinuation = true;
                continue;
            }
            Continuation c = Continuation.of(line, escape);
            text.append(c.text());
            ended = c.ended();
        }
        return new LogicalLine(text.toString(), last, emptyContinuation);
    }

    private record Body(String content, PhysicalLines.Line last) {
    }

    /** Reads a heredoc's body, up to and including its terminator line. */
    private Body readBody(Heredoc doc) {
        StringBuilder content = new StringBuilder();
        while (lines.hasNext()) {
            PhysicalLines.Line line = lines.next();
            String candidate = trimNewline(line.text());
            if (doc.chomp()) {
                int tabs = 0;
                while (tabs < candidate.length() && candidate.charAt(tabs) == '\t') {
                    tabs++;
                }
                candidate = candidate.substring(tabs);
            }
            if (candidate.equals(doc.name())) {
                return new Body(content.toString(), line);
            }
            content.append(line.full());
        }
        throw new ParseFailure("unterminated heredoc");
    }

    /**
     * BuildKit's {@code processLine}: line ending removed, leading white space removed on an instruction's
     * first line, directives looked for, and a comment line emptied.
     */
    private String processLine(PhysicalLines.Line line, boolean first) {
        String token = trimNewline(line.text());
        if (first) {
            token = GoStrings.trimLeftSpace(token);
        }
        try {
            Optional<Directive> directive = directiveParser.parseLine(token);
            if (directive.isPresent()) {
                directives.add(directive.get());
                if (directive.get().name().equals("escape")) {
                    setEscape(directive.get().value(), line.number());
                }
            }
        } catch (DirectiveParser.Repeated e) {
            throw error(line.number(), 1, line.number(), e.getMessage());
        }
        return isComment(token) ? "" : token;
    }

    private void setEscape(String value, int line) {
        if (!value.equals("`") && !value.equals("\\")) {
            throw error(line, 1, line, "invalid escape token '" + value + "' does not match ` or \\");
        }
        escape = value.charAt(0);
    }

    /** Builds the node for one logical line (BuildKit's {@code newNodeFromLine}). */
    private Node newNode(String line, List<String> comments) {
        CommandLine split = CommandLine.split(line, escape);
        String keyword = GoStrings.toLower(split.keyword());
        Optional<Node> sub = Optional.empty();
        Arguments.Parsed parsed;
        if (keyword.equals("onbuild")) {
            parsed = Arguments.Parsed.NONE;
            if (!split.args().isEmpty()) {
                sub = Optional.of(newNode(split.args(), List.of()));
            }
        } else {
            parsed = Arguments.parse(keyword, split.args(), escape);
        }
        return new Node(split.keyword(), split.flags(), parsed.values(), sub, parsed.json(), List.of(), line, 0, 0, 1, 1,
                comments);
    }

    private static boolean canContainHeredoc(Node node) {
        Node target = node;
        if (GoStrings.toLower(node.keyword()).equals("onbuild") && node.subCommand().isPresent()) {
            target = node.subCommand().get();
        }
        return HEREDOC_INSTRUCTIONS.contains(GoStrings.toLower(target.keyword())) && !target.json();
    }

    private static boolean isComment(String line) {
        return GoStrings.trimLeftSpace(trimNewline(line)).startsWith("#");
    }

    private static String trimNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\r' || s.charAt(end - 1) == '\n')) {
            end--;
        }
        return s.substring(0, end);
    }

    private DockerfileException error(int startLine, int column, int endLine, String reason) {
        return new DockerfileException(file, new SourceRange(startLine, column, Math.max(startLine, endLine), 1), reason);
    }

    /**
     * BuildKit's continuation rule: a line continues when it ends with the escape character (and blanks) not
     * itself preceded by the escape character, or is only that character; the character and blanks go.
     */
    record Continuation(String text, boolean ended) {
        static Continuation of(String line, int escape) {
            int end = line.length();
            while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
                end--;
            }
            if (end == 0 || line.charAt(end - 1) != escape) {
                return new Continuation(line, true);
            }
            if (end == 1) {
                return new Continuation("", false);
            }
            if (line.charAt(end - 2) == escape) {
                return new Continuation(line, true);
            }
            return new Continuation(line.substring(0, end - 1), false);
        }
    }
}
