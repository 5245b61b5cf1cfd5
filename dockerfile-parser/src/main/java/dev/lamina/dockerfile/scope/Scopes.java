package dev.lamina.dockerfile.scope;

import dev.lamina.dockerfile.instructions.Source;
import dev.lamina.dockerfile.shell.EnvLookup;
import dev.lamina.dockerfile.shell.ExpansionException;
import dev.lamina.dockerfile.shell.ShellLex;

/** Expansion of ARG defaults, with failures located at the ARG. */
final class Scopes {
    private Scopes() {
    }

    static String expand(ShellLex lex, String word, EnvLookup env, Source at) {
        try {
            return lex.expand(word, env);
        } catch (ExpansionException e) {
            throw at.error(e.getMessage());
        }
    }
}
