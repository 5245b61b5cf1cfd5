package dev.lamina.registry.credentials;

import java.util.Optional;

/** Where credentials for a registry come from. */
@FunctionalInterface
public interface CredentialStore {
    /** No credentials for any registry: every request is anonymous. */
    CredentialStore NONE = registry -> Optional.empty();

    /**
     * The credentials for {@code registry} as it appears in a reference ({@code localhost:5000},
     * {@code docker.io}), if any are kept.
     */
    Optional<Credentials> lookup(String registry);
}
