package dev.lamina.dockerfile.shell;

import java.util.List;
import java.util.Objects;

/**
 * BuildKit's word expander ({@code shell.Lex}): variable references ({@code $V}, {@code ${V}}, {@code ${V:-w}},
 * {@code ${V-w}}, {@code ${V:+w}}, {@code ${V+w}}, {@code ${V:?m}}, {@code ${V?m}}, {@code ${V#p}},
 * {@code ${V##p}}, {@code ${V%p}}, {@code ${V%%p}}, {@code ${V/p/r}}, {@code ${V//p/r}}), single and double
 * quotes, and the escape character of the Dockerfile ({@code \} or {@code `}). It is called by the builder with
 * the stage's variables, never by the parser, which keeps every word as written.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ShellLex {
    /**
     * Modes BuildKit uses besides the default: keep quotes ({@code rawQuotes}) or escapes ({@code rawEscapes})
     * in the result, leave references to unset variables as written ({@code skipUnsetEnv}), or treat quotes as
     * ordinary characters ({@code skipProcessQuotes}, used for heredoc bodies, where only variables expand).
     */
    public record Options(boolean rawQuotes, boolean rawEscapes, boolean skipUnsetEnv, boolean skipProcessQuotes) {
        public static final Options DEFAULT = new Options(false, false, false, false);

        public Options withRawQuotes(boolean value) {
            return new Options(value, rawEscapes, skipUnsetEnv, skipProcessQuotes);
        }

        public Options withRawEscapes(boolean value) {
            return new Options(rawQuotes, value, skipUnsetEnv, skipProcessQuotes);
        }

        public Options withSkipUnsetEnv(boolean value) {
            return new Options(rawQuotes, rawEscapes, value, skipProcessQuotes);
        }

        public Options withSkipProcessQuotes(boolean value) {
            return new Options(rawQuotes, rawEscapes, skipUnsetEnv, value);
        }
    }

    private final int escape;
    private final Options options;

    /** An expander with default options for a Dockerfile whose escape character is {@code escape}. */
    public ShellLex(int escape) {
        this(escape, Options.DEFAULT);
    }

    public ShellLex(int escape, Options options) {
        if (escape != '\\' && escape != '`') {
            throw new IllegalArgumentException("escape must be \\ or `");
        }
        this.escape = escape;
        this.options = Objects.requireNonNull(options);
    }

    public ShellLex withOptions(Options newOptions) {
        return new ShellLex(escape, newOptions);
    }

    /**
     * Expands {@code word} as one word (BuildKit's {@code ProcessWord}): quotes are removed, escapes consumed,
     * white space kept. This is how ENV, LABEL, ARG, COPY/ADD, WORKDIR, USER, VOLUME, STOPSIGNAL and FROM
     * arguments are expanded.
     *
     * @throws ExpansionException if the word is malformed or a {@code ${V?m}} check fails
     */
    public String expand(String word, EnvLookup env) {
        return process(word, env).result();
    }

    /**
     * Expands {@code word} and splits the result into words (BuildKit's {@code ProcessWords}), as EXPOSE is
     * expanded.
     *
     * @throws ExpansionException if the word is malformed or a {@code ${V?m}} check fails
     */
    public List<String> expandWords(String word, EnvLookup env) {
        return process(word, env).words();
    }

    /**
     * Everything one expansion computes: the single word, the split words, and which variables were found or
     * missing (BuildKit's {@code ProcessWordWithMatches}).
     *
     * @throws ExpansionException if the word is malformed or a {@code ${V?m}} check fails
     */
    public Expansion process(String word, EnvLookup env) {
        Objects.requireNonNull(word);
        Objects.requireNonNull(env);
        try {
            return new WordScanner(word, escape, options, env).run();
        } catch (WordScanner.Failure f) {
            throw new ExpansionException(word, f.getMessage());
        }
    }

    public int escape() {
        return escape;
    }

    public Options options() {
        return options;
    }
}
