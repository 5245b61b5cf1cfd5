package dev.lamina.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.dockerfile.testing.Corpus;
import dev.lamina.dockerfile.text.GoStrings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** BuildKit's lexer tables: envVarTest, wordsTest and the extracted ProcessWordWithMatches cases. */
class ShellConformanceTest {
    private static final ShellLex LEX = new ShellLex('\\');
    private static final Map<String, String> ENV_VAR_TEST_ENV = Map.of("PWD", "/home", "SHELL", "bash",
            "KOREAN", "한국어", "NULL", "");

    /**
     * Every row: {@code A} and {@code U} rows with Linux (case-sensitive) names, {@code W} rows with the
     * case-insensitive names Windows uses, so that no row goes unchecked.
     */
    @TestFactory
    Stream<DynamicTest> envVarTestRowsExpandAsSingleWords() {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> lines = Corpus.lines(Corpus.buildkit("frontend/dockerfile/shell/envVarTest"));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#") || GoStrings.trimSpace(line).isEmpty()) {
                continue;
            }
            String[] fields = GoStrings.trimSpace(line).split("\\|", -1);
            assertThat(fields).as("envVarTest line %d", i + 1).hasSize(3);
            String platform = GoStrings.trimSpace(fields[0]);
            String input = GoStrings.trimSpace(fields[1]);
            String expected = GoStrings.trimSpace(fields[2]);
            assertThat(platform).isIn("A", "U", "W");
            EnvLookup env = platform.equals("W") ? caseInsensitive(ENV_VAR_TEST_ENV) : EnvLookup.of(ENV_VAR_TEST_ENV);
            tests.add(dynamicTest("line " + (i + 1) + " [" + platform + "] " + input, () -> {
                if (expected.equals("error")) {
                    assertThatThrownBy(() -> LEX.expand(input, env)).isInstanceOf(ExpansionException.class);
                } else {
                    assertThat(LEX.expand(input, env)).isEqualTo(expected);
                }
            }));
        }
        assertThat(tests).hasSize(230);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> wordsTestRowsExpandAndSplit() {
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, String> env = new HashMap<>();
        List<String> lines = Corpus.lines(Corpus.buildkit("frontend/dockerfile/shell/wordsTest"));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("ENV ")) {
                String definition = line.substring(3).replaceFirst("^ +", "");
                int eq = definition.indexOf('=');
                env.put(definition.substring(0, eq), definition.substring(eq + 1));
                continue;
            }
            String[] fields = line.split("\\|", -1);
            assertThat(fields).as("wordsTest line %d", i + 1).hasSize(2);
            String input = GoStrings.trimSpace(fields[0]);
            List<String> expected = List.of(fields[1].replaceFirst("^ +", "").split(",", -1));
            EnvLookup lookup = EnvLookup.of(env);
            tests.add(dynamicTest("line " + (i + 1) + " " + input, () -> {
                if (expected.equals(List.of("error"))) {
                    assertThatThrownBy(() -> LEX.expandWords(input, lookup)).isInstanceOf(ExpansionException.class);
                } else {
                    assertThat(LEX.expandWords(input, lookup)).containsExactlyElementsOf(expected);
                }
            }));
        }
        assertThat(tests).hasSize(24);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> extractedCasesExpandAndReportWhichVariablesWereUsed() {
        JsonNode cases = Corpus.json(Corpus.buildkit("extracted/shell/expansion-cases.json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (String table : List.of("processWithMatches", "mandatoryVars", "platformTemplate")) {
            int index = 0;
            for (JsonNode c : cases.path(table)) {
                String input = c.path("input").asText();
                Map<String, String> env = new HashMap<>();
                c.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
                tests.add(dynamicTest(table + "[" + index++ + "] " + input + " " + env, () -> {
                    if (c.path("error").asBoolean()) {
                        assertThatThrownBy(() -> LEX.process(input, EnvLookup.of(env)))
                                .isInstanceOf(ExpansionException.class)
                                .hasMessageContaining(c.path("errorContains").asText(""));
                        return;
                    }
                    Expansion expansion = LEX.process(input, EnvLookup.of(env));
                    assertThat(expansion.result()).isEqualTo(c.path("expected").asText());
                    if (c.has("matched")) {
                        assertThat(expansion.matched()).containsExactlyInAnyOrderElementsOf(Corpus.strings(c.path("matched")));
                        assertThat(expansion.unmatched())
                                .containsExactlyInAnyOrderElementsOf(Corpus.strings(c.path("unmatched")));
                    }
                }));
            }
        }
        assertThat(tests).hasSize(56);
        return tests.stream();
    }

    private static EnvLookup caseInsensitive(Map<String, String> env) {
        Map<String, String> upper = new HashMap<>();
        env.forEach((k, v) -> upper.put(k.toUpperCase(Locale.ROOT), v));
        return name -> Optional.ofNullable(upper.get(name.toUpperCase(Locale.ROOT)));
    }
}
