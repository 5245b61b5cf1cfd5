package dev.lamina.dockerfile.ignore;

import dev.lamina.dockerfile.text.GoStrings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A compiled {@code .dockerignore}, matching as moby's patternmatcher does (the matcher BuildKit uses):
 * patterns apply in order, the last that applies wins; an inclusion is only tried while the path is not yet
 * excluded and a {@code !} exclusion only while it is; a pattern excludes a path when it matches the path or
 * any of its parent directories ({@code MatchesOrParentMatches}). Immutable and safe to share between threads.
 */
public final class IgnoreMatcher {
    private static final IgnoreMatcher EMPTY = new IgnoreMatcher(List.of(), false);

    private final List<IgnorePattern> patterns;
    private final boolean hasExclusions;

    private IgnoreMatcher(List<IgnorePattern> patterns, boolean hasExclusions) {
        this.patterns = List.copyOf(patterns);
        this.hasExclusions = hasExclusions;
    }

    /** A matcher that excludes nothing (no .dockerignore). */
    public static IgnoreMatcher empty() {
        return EMPTY;
    }

    /**
     * Builds a matcher (moby's {@code New}): each pattern is trimmed (empty ones dropped), cleaned like a path,
     * split from its {@code !}, and checked against Go's {@code filepath.Match} syntax.
     *
     * @throws IgnorePatternException for a malformed pattern or a lone {@code !}
     */
    public static IgnoreMatcher compile(List<String> patterns) {
        List<IgnorePattern> compiled = new ArrayList<>();
        boolean exclusions = false;
        for (String raw : patterns) {
            String p = GoStrings.trimSpace(raw);
            if (p.isEmpty()) {
                continue;
            }
            p = GoPath.clean(p);
            boolean exclusion = p.charAt(0) == '!';
            if (exclusion) {
                if (p.length() == 1) {
                    throw new IgnorePatternException(raw, "illegal exclusion pattern: \"!\"");
                }
                p = p.substring(1);
                exclusions = true;
            }
            if (!GlobSyntax.isValid(p)) {
                throw new IgnorePatternException(raw, "syntax error in pattern");
            }
            compiled.add(new IgnorePattern(p, exclusion));
        }
        return new IgnoreMatcher(compiled, exclusions);
    }

    /** The active patterns, in order. */
    public List<IgnorePattern> patterns() {
        return patterns;
    }

    /** Whether any pattern re-includes ({@code !}); a walker must then look inside excluded directories. */
    public boolean hasExclusions() {
        return hasExclusions;
    }

    /**
     * Whether {@code path} (slash-separated, relative to the context) is excluded from the build context.
     *
     * @throws IgnorePatternException when a pattern that must be tried has a regular expression Go rejects
     */
    public boolean matches(String path) {
        return decidingPattern(path).filter(p -> !p.exclusion()).isPresent();
    }

    /**
     * The pattern that decided {@code path}'s fate: an inclusion pattern if the path is excluded (for messages
     * such as "excluded by .dockerignore rule X"), the {@code !} pattern that re-included it, or empty when no
     * pattern applied.
     *
     * @throws IgnorePatternException when a pattern that must be tried has a regular expression Go rejects
     */
    public Optional<IgnorePattern> decidingPattern(String path) {
        return decide(path, isCleanRelative(path));
    }

    /** {@code clean} selects the one-pass path over a clean relative path's prefixes; tests compare both. */
    Optional<IgnorePattern> decide(String path, boolean clean) {
        if (patterns.isEmpty()) {
            return Optional.empty();
        }
        PathView withParents = clean ? PathView.withParents(path) : null;
        List<String> parents = clean ? List.of() : parents(path);
        boolean matched = false;
        IgnorePattern decider = null;
        for (IgnorePattern pattern : patterns) {
            if (pattern.exclusion() != matched) {
                continue;
            }
            boolean hit;
            if (clean) {
                hit = pattern.matchesAny(withParents);
            } else {
                hit = pattern.matches(path);
                for (int i = 0; !hit && i < parents.size(); i++) {
                    hit = matchesIgnoringErrors(pattern, parents.get(i));
                }
            }
            if (hit) {
                matched = !pattern.exclusion();
                decider = pattern;
            }
        }
        return Optional.ofNullable(decider);
    }

    /** moby ignores errors when it tries the parent directories. */
    private static boolean matchesIgnoringErrors(IgnorePattern pattern, String candidate) {
        try {
            return pattern.matches(candidate);
        } catch (IgnorePatternException e) {
            return false;
        }
    }

    /** The parent-directory prefixes moby tries for any path: those of {@code filepath.Dir(path)}. */
    private static List<String> parents(String path) {
        String dir = GoPath.dir(path);
        if (dir.equals(".")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int slash = dir.indexOf('/', from);
            if (slash < 0) {
                out.add(dir);
                return out;
            }
            out.add(dir.substring(0, slash));
            from = slash + 1;
        }
    }

    /**
     * Whether {@code path} is already what {@code filepath.Clean} would make of it and relative, so that its
     * parent directories are exactly its prefixes up to each slash (the fast path).
     */
    private static boolean isCleanRelative(String path) {
        if (path.isEmpty() || path.charAt(0) == '/' || path.charAt(path.length() - 1) == '/') {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                int len = i - start;
                if (len == 0 || len == 1 && path.charAt(start) == '.'
                        || len == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.') {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }
}
