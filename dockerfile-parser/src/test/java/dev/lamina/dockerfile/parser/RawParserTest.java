package dev.lamina.dockerfile.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.dockerfile.DockerfileException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Raw-parser behaviours the golden files do not spell out. */
class RawParserTest {
    private static ParseTree parse(String text) {
        return RawParser.parse("Dockerfile", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void directiveValuesAreTrimmedAndOnlyLeadTheFile() {
        ParseTree tree = parse("# Syntax = example/frontend:1  \n#check=skip=all\n\n# escape=`\nFROM a\n");
        assertThat(tree.directives().parsed()).extracting(Directive::name, Directive::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("syntax", "example/frontend:1"),
                        org.assertj.core.groups.Tuple.tuple("check", "skip=all"));
        assertThat(tree.escape()).isEqualTo('\\'); // the escape line came after a blank line: a comment
        assertThat(tree.directives().syntax()).hasValueSatisfying(f -> assertThat(f.ref()).isEqualTo("example/frontend:1"));
    }

    @Test
    void aDirectiveWithOnlyBlanksAfterTheEqualsSignKeepsTheLastBlank() {
        assertThatThrownBy(() -> parse("# escape=  \nFROM a\n")).isInstanceOfSatisfying(DockerfileException.class,
                e -> assertThat(e.reason()).isEqualTo("invalid escape token ' ' does not match ` or \\"));
    }

    @Test
    @Timeout(5)
    void aLongDirectiveLineTakesLinearTime() {
        String line = "# syntax=" + " x".repeat(30_000) + " ".repeat(3_000) + "\nFROM a\n";
        assertThat(parse(line).directives().parsed().get(0).value()).endsWith("x");
    }

    @Test
    void crlfLineEndingsAndAByteOrderMarkAreIgnored() {
        ParseTree tree = RawParser.parse("Dockerfile",
                "\uFEFFFROM a\r\nRUN echo \\\r\n  b\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(tree.dump()).isEqualTo("(from \"a\")\n(run \"echo   b\")");
    }

    @Test
    void invalidUtf8IsDumpedAsGoQuotesIt() {
        byte[] bytes = {'F', 'R', 'O', 'M', ' ', 'a', '\n', 'U', 'S', 'E', 'R', ' ', (byte) 0xff, 'x', '\n'};
        assertThat(RawParser.parse("Dockerfile", bytes).dump()).isEqualTo("(from \"a\")\n(user \"\\xffx\")");
    }

    @Test
    void nonAsciiInFlagsIsReadByteWiseAsBuildKitDoes() {
        Node copy = parse("FROM a\nCOPY --chown=é a b\n").nodes().get(1);
        assertThat(copy.flags()).containsExactly("--chown=\u00c3\u00a9");
    }

    @Test
    void continuationLinesKeepTheirIndentationAndSkipComments() {
        ParseTree tree = parse("FROM a\nRUN a \\\n  # not part of it\n    b \\\n\\\n  c\n");
        assertThat(tree.nodes().get(1).original()).isEqualTo("RUN a     b   c");
        assertThat(tree.nodes().get(1).endLine()).isEqualTo(6);
    }

    @Test
    void unknownInstructionsAreKeptWithOneEmptyArgument() {
        assertThat(parse("FROM a\nFOO --x bar baz\n").dump()).isEqualTo("(from \"a\")\n(foo [\"--x\"] \"\")");
    }
}
