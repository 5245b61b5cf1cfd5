package dev.lamina.dockerfile.ignore;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Any ignore file and any path: a decision or an {@link IgnorePatternException}, in bounded time, and the
 * one-pass parent check agreeing with trying each parent separately.
 */
class IgnoreMatcherFuzzTest {
    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void anyPatternsAndPathDecideOrRejectThePattern(FuzzedDataProvider data) {
        List<String> patterns = new ArrayList<>();
        try {
            patterns.addAll(IgnoreFile.read(data.consumeBytes(data.consumeInt(0, 512))));
        } catch (IgnorePatternException e) {
            return;
        }
        for (int i = 0, n = data.consumeInt(0, 3); i < n; i++) {
            patterns.add(data.consumeString(40));
        }
        String path = data.consumeRemainingAsString();
        IgnoreMatcher matcher;
        try {
            matcher = IgnoreMatcher.compile(patterns);
        } catch (IgnorePatternException e) {
            return;
        }
        Optional<String> decided = decide(matcher, path, false);
        if (isCleanRelative(path)) {
            assertThat(decide(matcher, path, true)).isEqualTo(decided);
        }
    }

    private static Optional<String> decide(IgnoreMatcher matcher, String path, boolean fast) {
        try {
            return Optional.of(matcher.decide(path, fast).map(IgnorePattern::toString).orElse(""));
        } catch (IgnorePatternException e) {
            return Optional.empty();
        }
    }

    private static boolean isCleanRelative(String path) {
        return !path.isEmpty() && GoPath.clean(path).equals(path) && !path.startsWith("/") && !path.equals("..")
                && !path.startsWith("../");
    }
}
