package dev.lamina.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The access a request needs, in the token protocol's words ({@code repository:app:pull,push}). Every
 * request to a registry carries one as its tag, so that the authenticator asks for a token that covers it
 * and tokens are cached per scope.
 */
record AuthScope(List<String> scopes) {
    static final AuthScope NONE = new AuthScope(List.of());

    AuthScope {
        scopes = List.copyOf(new TreeSet<>(scopes));
    }

    static AuthScope pull(String repository) {
        return new AuthScope(List.of("repository:" + repository + ":pull"));
    }

    static AuthScope push(String repository) {
        return new AuthScope(List.of("repository:" + repository + ":pull,push"));
    }

    /** Both scopes, as a mount needs (push to the target, pull from the source). */
    AuthScope and(AuthScope other) {
        List<String> all = new ArrayList<>(scopes);
        all.addAll(other.scopes);
        return new AuthScope(all);
    }

    /** Scopes a challenge names, space separated. */
    static AuthScope parse(String text) {
        return new AuthScope(text == null || text.isBlank() ? List.of() : List.of(text.trim().split("\\s+")));
    }

    /** The cache key: the scopes in a stable order. */
    String key() {
        return String.join(" ", scopes);
    }
}
