package dev.lamina.dockerfile.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.dockerfile.testing.Corpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The heredoc facts extracted from BuildKit's parser_heredoc_test.go. */
class HeredocConformanceTest {
    @TestFactory
    Stream<DynamicTest> everyInstructionCarriesExactlyTheExpectedHeredocs() {
        JsonNode facts = Corpus.json(Corpus.buildkit("extracted/heredoc/expected.json"));
        ParseTree tree = RawParser.parse("Dockerfile", Corpus.bytes(Corpus.buildkit("extracted/heredoc/Dockerfile")));
        assertThat(tree.nodes()).hasSize(facts.path("expectedChildren").asInt());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : facts.path("cases")) {
            Node node = tree.nodes().get(c.path("childIndex").asInt());
            tests.add(dynamicTest(c.path("childIndex").asText() + ": " + c.path("firstLine").asText(), () -> {
                assertThat(node.original()).startsWith(c.path("firstLine").asText());
                if (c.path("heredocs").isNull()) {
                    assertThat(node.heredocs()).isEmpty();
                    return;
                }
                List<Heredoc> expected = new ArrayList<>();
                for (JsonNode h : c.path("heredocs")) {
                    expected.add(new Heredoc(h.path("name").asText(), h.path("fileDescriptor").asLong(),
                            h.path("expand").asBoolean(), h.path("chomp").asBoolean(), h.path("content").asText()));
                }
                assertThat(node.heredocs()).containsExactlyElementsOf(expected);
            }));
        }
        return tests.stream();
    }

    @Test
    void execFormRunsCarryNoHeredocs() {
        JsonNode facts = Corpus.json(Corpus.buildkit("extracted/heredoc-json/expected.json"));
        ParseTree tree = RawParser.parse("Dockerfile", Corpus.bytes(Corpus.buildkit("extracted/heredoc-json/Dockerfile")));
        for (JsonNode index : facts.path("noHeredocChildren")) {
            assertThat(tree.nodes().get(index.asInt()).heredocs()).as("child %s", index).isEmpty();
        }
    }

    @TestFactory
    Stream<DynamicTest> singleWordsAreRecognisedAsOpeners() {
        JsonNode facts = Corpus.json(Corpus.buildkit("extracted/heredoc/words.json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : facts.path("words")) {
            String word = c.path("word").asText();
            String expected = c.path("expected").asText();
            tests.add(dynamicTest("word '" + word + "' -> " + expected, () -> {
                if (expected.equals("error")) {
                    assertThatThrownBy(() -> HeredocWords.parse(word)).isInstanceOf(ParseFailure.class);
                } else {
                    Optional<Heredoc> heredoc = HeredocWords.parse(word);
                    assertThat(heredoc.map(Heredoc::name).orElse("none")).isEqualTo(expected);
                }
            }));
        }
        for (JsonNode c : facts.path("lines")) {
            String line = c.path("line").asText();
            tests.add(dynamicTest("line '" + line + "'", () ->
                    assertThat(HeredocWords.fromLine(line)).extracting(Heredoc::name)
                            .containsExactlyElementsOf(Corpus.strings(c.path("heredocNames")))));
        }
        return tests.stream();
    }
}
