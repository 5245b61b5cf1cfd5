package dev.lamina.registry;

import java.time.Instant;
import java.util.Optional;

/**
 * A token from a registry's token server, good until {@code renewAt} (a little before it expires, so that a
 * request never leaves with a token that dies on the way). {@link #toString()} hides the secrets.
 */
record BearerToken(String value, Instant renewAt, Optional<String> refreshToken) {

    boolean usableAt(Instant now) {
        return now.isBefore(renewAt);
    }

    String header() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "BearerToken[renewAt=" + renewAt + "]";
    }
}
