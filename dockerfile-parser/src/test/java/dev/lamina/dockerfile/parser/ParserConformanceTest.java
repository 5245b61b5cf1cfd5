package dev.lamina.dockerfile.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.dockerfile.DockerfileException;
import dev.lamina.dockerfile.Warning;
import dev.lamina.dockerfile.testing.Corpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** BuildKit's parser golden files and the facts extracted from its parser tests, read in place. */
class ParserConformanceTest {
    private static final String PARSER = "frontend/dockerfile/parser/";

    @TestFactory
    Stream<DynamicTest> everyTestfileDumpsExactlyAsItsResult() {
        List<Path> cases = Corpus.directories(Corpus.buildkit(PARSER + "testfiles"));
        assertThat(cases).hasSize(33);
        return cases.stream().map(dir -> dynamicTest(dir.getFileName().toString(), () -> {
            ParseTree tree = RawParser.parse("Dockerfile", Corpus.bytes(dir.resolve("Dockerfile")));
            String expected = Corpus.text(dir.resolve("result")).replace("\r\n", "\n");
            assertThat(tree.dump() + "\n").isEqualTo(expected);
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyNegativeTestfileFailsToParse() {
        List<Path> cases = Corpus.directories(Corpus.buildkit(PARSER + "testfiles-negative"));
        assertThat(cases).hasSize(4);
        return cases.stream().map(dir -> dynamicTest(dir.getFileName().toString(), () ->
                assertThatThrownBy(() -> RawParser.parse("Dockerfile", Corpus.bytes(dir.resolve("Dockerfile"))))
                        .isInstanceOf(DockerfileException.class)));
    }

    @Test
    void instructionsSpanTheLinesBuildKitReports() {
        JsonNode facts = Corpus.json(Corpus.buildkit("extracted/parser/parser-facts.json")).path("lineNumbers");
        ParseTree tree = RawParser.parse("Dockerfile", Corpus.bytes(Corpus.buildkit(PARSER + "testfile-line/Dockerfile")));
        assertThat(tree.nodes()).hasSize(facts.path("childCount").asInt());
        assertThat(tree.nodes().get(0).startLine()).isEqualTo(facts.path("rootStartLine").asInt());
        assertThat(tree.nodes().get(tree.nodes().size() - 1).endLine()).isEqualTo(facts.path("rootEndLine").asInt());
        for (int i = 0; i < tree.nodes().size(); i++) {
            JsonNode expected = facts.path("children").get(i);
            assertThat(tree.nodes().get(i).startLine()).as("child %d start", i).isEqualTo(expected.path("startLine").asInt());
            assertThat(tree.nodes().get(i).endLine()).as("child %d end", i).isEqualTo(expected.path("endLine").asInt());
        }
    }

    @Test
    void emptyContinuationLinesWarnButCommentsInsideAContinuationDoNot() {
        JsonNode facts = Corpus.json(Corpus.buildkit("extracted/parser/parser-facts.json")).path("emptyContinuationWarnings");
        ParseTree tree = RawParser.parse("Dockerfile",
                Corpus.bytes(Corpus.buildkit("extracted/parser/" + facts.path("file").asText())));
        assertThat(tree.warnings()).hasSize(facts.path("warningCount").asInt());
        for (int i = 0; i < tree.warnings().size(); i++) {
            Warning warning = tree.warnings().get(i);
            JsonNode expected = facts.path("warnings").get(i);
            for (String part : Corpus.strings(expected.path("shortContains"))) {
                assertThat(warning.message()).contains(part);
            }
            if (expected.has("detailContains")) {
                assertThat(warning.description()).contains(expected.path("detailContains").asText());
            }
        }
    }

    @Test
    void aLineLongerThanGosTokenLimitIsRejected() {
        JsonNode facts = Corpus.json(Corpus.buildkit("extracted/parser/parser-facts.json")).path("longLine");
        String dockerfile = "\n\t\tFROM image\n\t\tLABEL test=" + "a".repeat(65536) + "\n";
        assertThatThrownBy(() -> RawParser.parse("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(DockerfileException.class,
                        e -> assertThat(e.reason()).isEqualTo(facts.path("error").asText()));
    }

    @TestFactory
    Stream<DynamicTest> argumentWordsKeepQuotesAndEscapes() {
        JsonNode cases = Corpus.json(Corpus.buildkit("extracted/parser/parser-facts.json")).path("parseWords");
        List<DynamicTest> tests = new ArrayList<>();
        cases.forEach(c -> tests.add(dynamicTest(c.path("input").asText(), () ->
                assertThat(Arguments.words(c.path("input").asText(), '\\'))
                        .containsExactlyElementsOf(Corpus.strings(c.path("words"))))));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> jsonArraysDecodeOrAreRejected() {
        JsonNode facts = Corpus.json(Corpus.buildkit("extracted/parser/parser-facts.json")).path("jsonArrays");
        List<DynamicTest> tests = new ArrayList<>();
        facts.path("valid").forEach(c -> tests.add(dynamicTest("valid " + c.path("input").asText(), () ->
                assertThat(Arguments.jsonArray(c.path("input").asText()))
                        .hasValue(Corpus.strings(c.path("values"))))));
        facts.path("invalid").forEach(c -> tests.add(dynamicTest("invalid " + c.asText(), () ->
                assertThatThrownBy(() -> Arguments.jsonArray(c.asText())).isInstanceOf(ParseFailure.class)
                        .hasMessage("when using JSON array syntax, arrays must be comprised of strings only"))));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> envAndLabelArgumentsBecomeKeyValueTriples() {
        JsonNode cases = Corpus.json(Corpus.buildkit("extracted/parser/parser-facts.json")).path("nameValue");
        List<DynamicTest> tests = new ArrayList<>();
        cases.forEach(c -> {
            String line = c.path("instruction").asText() + " " + c.path("args").asText();
            tests.add(dynamicTest(line, () -> {
                byte[] dockerfile = (line + "\n").getBytes(StandardCharsets.UTF_8);
                if (c.has("error")) {
                    assertThatThrownBy(() -> RawParser.parse("Dockerfile", dockerfile))
                            .isInstanceOfSatisfying(DockerfileException.class,
                                    e -> assertThat(e.reason()).isEqualTo(c.path("error").asText()));
                    return;
                }
                ParseTree tree = RawParser.parse("Dockerfile", dockerfile);
                assertThat(tree.nodes().get(0).args()).containsExactlyElementsOf(Corpus.strings(c.path("nodes")));
                assertThat(tree.dump()).isEqualTo(c.path("dump").asText());
            }));
        });
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> directivesAreFoundAsBuildKitFindsThem() {
        JsonNode facts = Corpus.json(Corpus.buildkit("extracted/parser/directives.json"));
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (JsonNode c : facts.path("parseAll")) {
            tests.add(dynamicTest("parseAll[" + i++ + "]", () -> {
                List<Directive> found = parseAll(c.path("input").asText());
                assertThat(found).extracting(Directive::name)
                        .containsExactlyElementsOf(c.path("directives").findValuesAsText("name"));
                assertThat(found).extracting(Directive::value)
                        .containsExactlyElementsOf(c.path("directives").findValuesAsText("value"));
            }));
        }
        i = 0;
        for (JsonNode c : facts.path("detectSyntax")) {
            tests.add(dynamicTest("detectSyntax[" + i++ + "]", () ->
                    assertFound(Directives.detectSyntax(c.path("input").asText()), c)));
        }
        i = 0;
        for (JsonNode c : facts.path("parseDirectiveCheck")) {
            tests.add(dynamicTest("parseDirectiveCheck[" + i++ + "]", () ->
                    assertFound(Directives.detect("check", c.path("input").asText()), c)));
        }
        return tests.stream();
    }

    private static List<Directive> parseAll(String input) {
        DirectiveParser parser = new DirectiveParser("#", 0);
        List<Directive> found = new ArrayList<>();
        for (String line : input.split("\n", -1)) {
            if (parser.done()) {
                break;
            }
            parser.parseLine(line).ifPresent(found::add);
        }
        return found;
    }

    private static void assertFound(Optional<Directives.Found> found, JsonNode expected) {
        assertThat(found.isPresent()).isEqualTo(expected.path("ok").asBoolean());
        if (found.isEmpty()) {
            return;
        }
        if (expected.has("ref")) {
            assertThat(found.get().ref()).isEqualTo(expected.path("ref").asText());
        }
        if (expected.has("cmdline")) {
            assertThat(found.get().cmdline()).isEqualTo(expected.path("cmdline").asText());
        }
        if (expected.has("line")) {
            assertThat(found.get().line()).isEqualTo(expected.path("line").asInt());
        }
    }
}
