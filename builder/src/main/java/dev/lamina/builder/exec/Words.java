package dev.lamina.builder.exec;

import dev.lamina.builder.BuildException;
import dev.lamina.dockerfile.instructions.KeyValue;
import dev.lamina.dockerfile.instructions.Source;
import dev.lamina.dockerfile.shell.EnvLookup;
import dev.lamina.dockerfile.shell.ExpansionException;
import dev.lamina.dockerfile.shell.ShellLex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A stage's words, expanded with what the stage sees at that point (its ENV, then its ARGs), as BuildKit expands each
 * instruction's (the parser's {@code ExpandRule} says which). A word that cannot be expanded is a build error.
 */
final class Words {
    private static final ShellLex HEREDOC = new ShellLex('\\', ShellLex.Options.DEFAULT.withSkipProcessQuotes(true));

    private final ShellLex lex;
    private final EnvLookup scope;

    Words(ShellLex lex, EnvLookup scope) {
        this.lex = lex;
        this.scope = scope;
    }

    /** One word, quotes removed (ENV, LABEL, COPY, WORKDIR, USER…). */
    String expand(String word) {
        try {
            return lex.expand(word, scope);
        } catch (ExpansionException e) {
            throw new BuildException(e.getMessage());
        }
    }

    List<String> expandAll(List<String> words) {
        return words.stream().map(this::expand).toList();
    }

    /** A word expanded and split on white space (EXPOSE). */
    List<String> expandWords(String word) {
        try {
            return lex.expandWords(word, scope);
        } catch (ExpansionException e) {
            throw new BuildException(e.getMessage());
        }
    }

    /** ENV's and LABEL's pairs, each side expanded (all with what the stage saw before the instruction). */
    List<String[]> pairs(List<KeyValue> pairs) {
        List<String[]> out = new ArrayList<>();
        for (KeyValue pair : pairs) {
            out.add(new String[] {expand(pair.key()), expand(pair.value())});
        }
        return out;
    }

    /** A heredoc's body: only variables, quotes left alone, a backslash escape (BuildKit's raw expansion). */
    String heredoc(String body) {
        try {
            return HEREDOC.expand(body, scope);
        } catch (ExpansionException e) {
            throw new BuildException(e.getMessage());
        }
    }

    /** How progress shows an instruction: its text, known variables expanded, the keyword upper-cased. */
    String display(Source source) {
        String text = source.original();
        try {
            text = lex.withOptions(ShellLex.Options.DEFAULT.withRawQuotes(true).withSkipUnsetEnv(true))
                    .expand(text, scope);
        } catch (ExpansionException e) {
            // shown as written
        }
        int space = text.indexOf(' ');
        return space < 0 ? text.toUpperCase(Locale.ROOT)
                : text.substring(0, space).toUpperCase(Locale.ROOT) + text.substring(space);
    }
}
