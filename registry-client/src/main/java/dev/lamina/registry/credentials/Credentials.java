package dev.lamina.registry.credentials;

import java.util.Optional;

/**
 * What lamina presents to a registry: a user name and password, or an identity token (an OAuth2 refresh
 * token a registry handed out at login, which Docker keeps in place of the password). {@link #toString()}
 * never shows a secret, so a credential that ends up in a message or a log is harmless.
 */
public record Credentials(String username, String password, Optional<String> identityToken) {

    public Credentials {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        identityToken = identityToken == null ? Optional.empty() : identityToken.filter(t -> !t.isEmpty());
    }

    public static Credentials of(String username, String password) {
        return new Credentials(username, password, Optional.empty());
    }

    public static Credentials identityToken(String username, String token) {
        return new Credentials(username, "", Optional.of(token));
    }

    /** True when a password can be sent (Basic auth, or the basic-authenticated token request). */
    public boolean hasPassword() {
        return !username.isEmpty() && !password.isEmpty();
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", secret=" + (hasPassword() || identityToken.isPresent()
                ? "<redacted>" : "<none>") + "]";
    }
}
