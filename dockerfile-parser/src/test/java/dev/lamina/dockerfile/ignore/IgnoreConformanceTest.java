package dev.lamina.dockerfile.ignore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.dockerfile.testing.Corpus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** moby/patternmatcher's test tables (cases.tsv, new-matcher.json, ignorefile, compile.tsv), read in place. */
class IgnoreConformanceTest {
    @TestFactory
    Stream<DynamicTest> everyCaseMatchesAsPatternmatcherDoes() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] f : tsvRows("cases.tsv")) {
            List<String> patterns = new ArrayList<>();
            if (!f[0].isEmpty()) {
                patterns.add(f[0]);
            }
            patterns.addAll(Arrays.asList(f).subList(Math.min(6, f.length), f.length));
            String path = f[1];
            String expected = f[2];
            String api = f[3];
            tests.add(dynamicTest(f[5] + ": " + patterns + " " + api + "(" + path + ") -> " + expected, () -> {
                if (expected.equals("error")) {
                    assertThatThrownBy(() -> outcome(api, patterns, path)).isInstanceOf(IgnorePatternException.class);
                } else {
                    assertThat(outcome(api, patterns, path)).isEqualTo(expected.equals("match"));
                }
            }));
        }
        assertThat(tests).hasSize(138);
        return tests.stream();
    }

    /** The data rows of a corpus TSV file: comments and the header line skipped, fields split on TAB. */
    private static List<String[]> tsvRows(String file) {
        List<String[]> rows = new ArrayList<>();
        for (String line : Corpus.lines(Corpus.dockerignore(file))) {
            if (!line.startsWith("#")) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows.subList(1, rows.size());
    }

    /**
     * {@code Matches} rows: build the matcher, clean the path, "." never matches (the corpus README shows these rows
     * agree with the modern parent rule). {@code MatchesOrParentMatches} rows: the path exactly as given.
     */
    private static boolean outcome(String api, List<String> patterns, String path) {
        IgnoreMatcher matcher = IgnoreMatcher.compile(patterns);
        if (api.equals("Matches")) {
            String clean = GoPath.clean(path);
            return !clean.equals(".") && matcher.matches(clean);
        }
        assertThat(api).isEqualTo("MatchesOrParentMatches");
        return matcher.matches(path);
    }

    @Test
    void repeatedMatchesOfABadRegularExpressionFailEveryTime() {
        IgnoreMatcher matcher = IgnoreMatcher.compile(List.of("[Local-Only]/"));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> matcher.matches("Local-Only/x")).isInstanceOf(IgnorePatternException.class)
                    .hasMessage("syntax error in pattern");
        }
    }

    @TestFactory
    Stream<DynamicTest> buildingAMatcherTrimsDropsAndFlagsExclusions() {
        JsonNode facts = Corpus.json(Corpus.dockerignore("new-matcher.json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : facts.path("cases")) {
            List<String> patterns = Corpus.strings(c.path("patterns"));
            JsonNode expect = c.path("expect");
            tests.add(dynamicTest(c.path("source").asText(), () -> {
                if (expect.path("error").asBoolean()) {
                    assertThatThrownBy(() -> IgnoreMatcher.compile(patterns)).isInstanceOf(IgnorePatternException.class)
                            .hasMessage("illegal exclusion pattern: \"!\"");
                    return;
                }
                IgnoreMatcher matcher = IgnoreMatcher.compile(patterns);
                if (expect.has("patternCount")) {
                    assertThat(matcher.patterns()).hasSize(expect.path("patternCount").asInt());
                }
                if (expect.has("hasExclusions")) {
                    assertThat(matcher.hasExclusions()).isEqualTo(expect.path("hasExclusions").asBoolean());
                }
            }));
        }
        return tests.stream();
    }

    @Test
    void readingAnIgnoreFileCleansPatternsAndKeepsExclusions() {
        JsonNode expected = Corpus.json(Corpus.dockerignore("ignorefile/readall-1.expected.json"));
        List<String> patterns = IgnoreFile.read(Corpus.bytes(Corpus.dockerignore("ignorefile/readall-1.dockerignore")));
        assertThat(patterns).containsExactlyElementsOf(Corpus.strings(expected.path("patterns")));
        assertThat(IgnoreFile.read(new byte[0])).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> patternsCompileToTheKindAndExpressionPatternmatcherBuilds() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] f : tsvRows("compile.tsv")) {
            tests.add(dynamicTest(f[0] + " -> " + f[1] + " " + f[2], () -> {
                PatternTranslation translation = PatternTranslation.of(GoPath.clean(f[0]));
                assertThat(translation.kind()).isEqualTo(PatternKind.valueOf(f[1].toUpperCase(Locale.ROOT)));
                assertThat(translation.regex()).isEqualTo(f[2]);
            }));
        }
        assertThat(tests).hasSize(21);
        return tests.stream();
    }
}
