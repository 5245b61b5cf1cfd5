package dev.lamina.dockerfile.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/** Any word, any variables, either escape character: an expansion or an {@link ExpansionException}, quickly. */
class ShellLexFuzzTest {
    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void anyWordExpandsOrFailsWithAnExpansionError(FuzzedDataProvider data) {
        ShellLex lex = new ShellLex(data.consumeBoolean() ? '\\' : '`', new ShellLex.Options(data.consumeBoolean(),
                data.consumeBoolean(), data.consumeBoolean(), data.consumeBoolean()));
        Map<String, String> env = new HashMap<>();
        for (int i = 0, n = data.consumeInt(0, 4); i < n; i++) {
            env.put(data.consumeString(8), data.consumeString(64));
        }
        String word = data.consumeRemainingAsString();
        Expansion expansion;
        try {
            expansion = lex.process(word, EnvLookup.of(env));
        } catch (ExpansionException e) {
            assertThat(e.word()).isEqualTo(word);
            return;
        }
        assertThat(lex.expand(word, EnvLookup.of(env))).isEqualTo(expansion.result());
        assertThat(expansion.words()).noneMatch(String::isEmpty);
    }
}
