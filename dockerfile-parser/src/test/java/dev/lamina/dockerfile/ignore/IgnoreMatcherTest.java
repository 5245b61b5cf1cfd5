package dev.lamina.dockerfile.ignore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .dockerignore matcher: moby's rules, Go's regexp quirks, and its fast paths agreeing with the plain ones. */
class IgnoreMatcherTest {
    private static IgnoreMatcher matcher(String... patterns) {
        return IgnoreMatcher.compile(List.of(patterns));
    }

    @Test
    void aDirectoryPatternExcludesEverythingBelowIt() {
        IgnoreMatcher m = matcher("node_modules", "*.log", "build/**", "**/tmp");
        assertThat(m.matches("node_modules/a/b.js")).isTrue();
        assertThat(m.matches("src/node_modules/x")).isFalse();
        assertThat(m.matches("app.log")).isTrue();
        assertThat(m.matches("logs/app.log")).isFalse();
        assertThat(m.matches("build")).isFalse();
        assertThat(m.matches("build/out/x")).isTrue();
        assertThat(m.matches("a/b/tmp/c")).isTrue();
        assertThat(m.matches("tmp")).isTrue();
        assertThat(m.matches("src/main.go")).isFalse();
    }

    @Test
    void theLastApplicablePatternDecidesAndIsReported() {
        IgnoreMatcher m = matcher("docs", "!docs/README.md", "*.md");
        assertThat(m.matches("docs/guide.txt")).isTrue();
        assertThat(m.decidingPattern("docs/guide.txt").map(IgnorePattern::toString)).hasValue("docs");
        assertThat(m.matches("docs/README.md")).isFalse();
        assertThat(m.decidingPattern("docs/README.md").map(IgnorePattern::toString)).hasValue("!docs/README.md");
        assertThat(m.matches("CHANGES.md")).isTrue();
        assertThat(m.decidingPattern("src/x.go")).isEmpty();
        assertThat(m.hasExclusions()).isTrue();
    }

    @Test
    void goRegexpQuirksSurvive() {
        // "[*]" becomes "[[^/]*]": a class of '[', '^', '/' repeated, then a literal ']'
        assertThat(matcher("[*]").matches("]")).isTrue();
        assertThat(matcher("[*]").matches("*")).isFalse();
        // a backslash escape reaches Go's regexp as is: \d is a digit class there
        assertThat(matcher("v\\d").matches("v7")).isTrue();
        assertThat(matcher("v\\d").matches("vd")).isFalse();
        // characters regexps treat specially, but globs do not, are literal
        assertThat(matcher("a.b+(c)").matches("a.b+(c)")).isTrue();
        assertThat(matcher("a?c").matches("a/c")).isFalse();
        assertThat(matcher("[a-c]x").matches("bx")).isTrue();
        assertThat(matcher("[^a-c]x").matches("dx")).isTrue();
    }

    @Test
    void malformedPatternsAreRejectedWhenBuilt() {
        for (String bad : List.of("[", "[]a]", "[-]", "[x-]", "a\\", "[a-b-c]", "!")) {
            assertThatThrownBy(() -> matcher(bad)).as(bad).isInstanceOf(IgnorePatternException.class);
        }
    }

    @Test
    void theDockerfileSpecificIgnoreFileWins(@TempDir Path context) throws Exception {
        Path dockerfile = Files.createDirectories(context.resolve("docker")).resolve("app.Dockerfile");
        Files.writeString(dockerfile, "FROM scratch\n");
        Files.writeString(context.resolve(".dockerignore"), "*.tmp\n");
        assertThat(IgnoreFile.locate(context, dockerfile)).hasValue(context.resolve(".dockerignore"));
        Files.write(context.resolve("docker/app.Dockerfile.dockerignore"), "\uFEFF# only logs\n/logs\n!logs/keep\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(IgnoreFile.locate(context, dockerfile)).hasValue(context.resolve("docker/app.Dockerfile.dockerignore"));
        IgnoreMatcher m = IgnoreFile.load(context, dockerfile);
        assertThat(m.matches("logs/a")).isTrue();
        assertThat(m.matches("logs/keep")).isFalse();
        assertThat(m.matches("x.tmp")).isFalse();
        assertThat(IgnoreFile.load(context.resolve("docker"), context.resolve("none/Dockerfile")).patterns()).isEmpty();
    }

    /** Random patterns and clean paths: the one-pass prefix check agrees with trying each parent separately. */
    @Test
    void theCleanPathFastPathAgreesWithTryingEachParent() {
        Random random = new Random(42);
        String[] atoms = {"a", "b", "ab", "*", "**", "?", "[ab]", "[^a]", "\\*", ".", "x", "\\d", "[*]", "é"};
        int compared = 0;
        for (int round = 0; round < 400; round++) {
            List<String> patterns = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                patterns.add((random.nextInt(4) == 0 ? "!" : "") + randomPattern(random, atoms));
            }
            IgnoreMatcher m;
            try {
                m = IgnoreMatcher.compile(patterns);
            } catch (IgnorePatternException e) {
                continue;
            }
            for (int j = 0; j < 20; j++) {
                String path = randomPath(random);
                Optional<String> fast = decide(m, path, true);
                Optional<String> slow = decide(m, path, false);
                assertThat(fast).as("%s on %s", patterns, path).isEqualTo(slow);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(5000);
    }

    private static Optional<String> decide(IgnoreMatcher m, String path, boolean fast) {
        try {
            return Optional.of(m.decide(path, fast).map(IgnorePattern::toString).orElse("-"));
        } catch (IgnorePatternException e) {
            return Optional.empty();
        }
    }

    /** Random expressions: the lazy DFA answers as the step-by-step simulation does, for every prefix. */
    @Test
    void theLazyDfaAgreesWithSimulation() {
        Random random = new Random(7);
        String[] atoms = {"a", "b", "/", ".", "[^/]", "[ab]*", "(.*/)?", "a*", "^", "\\Qa$", "[[:alpha:]]", "\\pL", "x?"};
        for (int round = 0; round < 2000; round++) {
            StringBuilder re = new StringBuilder("^");
            for (int i = 0, n = random.nextInt(6); i < n; i++) {
                re.append(atoms[random.nextInt(atoms.length)]);
            }
            if (random.nextBoolean()) {
                re.append('$');
            }
            RegexProgram program = GoRegex.compile(re.toString());
            for (int j = 0; j < 10; j++) {
                int[] text = randomPath(random).codePoints().toArray();
                for (int end = 0; end <= text.length; end++) {
                    boolean dfa = program.matchesAnyPrefix(text, new int[] {end}, 1);
                    assertThat(dfa).as("%s on %s[0..%d]", re, new String(text, 0, text.length), end)
                            .isEqualTo(program.simulate(text, end));
                }
            }
        }
    }

    private static String randomPattern(Random random, String[] atoms) {
        StringBuilder p = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            if (i > 0 && random.nextInt(3) == 0) {
                p.append('/');
            }
            p.append(atoms[random.nextInt(atoms.length)]);
        }
        return p.toString();
    }

    private static String randomPath(Random random) {
        String[] names = {"a", "b", "ab", "x", "a.b", "*", "1", "é", "ba", "aa"};
        StringBuilder p = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            if (i > 0) {
                p.append('/');
            }
            p.append(names[random.nextInt(names.length)]);
        }
        return p.toString();
    }
}
