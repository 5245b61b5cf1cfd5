package dev.lamina.dockerfile.instructions;

import dev.lamina.dockerfile.text.GoQuote;
import java.util.Optional;

/**
 * A resolved {@code RUN --mount}: values expanded and checked.
 *
 * @param type {@code bind} (the default), {@code cache}, {@code tmpfs}, {@code secret} or {@code ssh}
 * @param readOnly read-only unless {@code rw} was given; cache and tmpfs mounts default to read-write
 * @param required for secret and ssh mounts: fail when the secret or agent is missing
 * @param mode file mode (octal in the Dockerfile) for cache, secret and ssh mounts
 * @param size the tmpfs size limit in bytes
 * @param env for a secret mount, the environment variable to expose the secret as
 */
public record Mount(String type, Optional<String> from, Optional<String> source, Optional<String> target,
        boolean readOnly, Optional<String> id, Optional<String> sharing, boolean required, Optional<Long> mode,
        Optional<Long> uid, Optional<Long> gid, Optional<Long> size, Optional<String> env) {

    /** Collects fields while {@link MountSpec} reads them, then applies BuildKit's cross-field rules. */
    static final class Builder {
        String type = "bind";
        Optional<String> from = Optional.empty();
        Optional<String> source = Optional.empty();
        Optional<String> target = Optional.empty();
        boolean readOnly;
        Optional<String> id = Optional.empty();
        Optional<String> sharing = Optional.empty();
        boolean required;
        Optional<Long> mode = Optional.empty();
        Optional<Long> uid = Optional.empty();
        Optional<Long> gid = Optional.empty();
        Optional<Long> size = Optional.empty();
        Optional<String> env = Optional.empty();

        Mount build(boolean readOnlyAuto) {
            boolean fileInfoAllowed = type.equals("secret") || type.equals("ssh") || type.equals("cache");
            if (mode.isPresent() && !fileInfoAllowed) {
                throw notAllowed("mode");
            }
            if (uid.isPresent() && !fileInfoAllowed) {
                throw notAllowed("uid");
            }
            if (gid.isPresent() && !fileInfoAllowed) {
                throw notAllowed("gid");
            }
            if (size.isPresent() && !type.equals("tmpfs")) {
                throw notAllowed("size");
            }
            if (env.isPresent() && !type.equals("secret")) {
                throw notAllowed("env");
            }
            if (readOnlyAuto) {
                readOnly = !type.equals("cache") && !type.equals("tmpfs");
            }
            if (sharing.isPresent() && !type.equals("cache")) {
                throw new IllegalArgumentException("invalid cache sharing set for " + type + " mount");
            }
            if (type.equals("secret")) {
                if (from.isPresent()) {
                    throw new IllegalArgumentException("secret mount should not have a from");
                }
                if (source.isEmpty() && target.isEmpty() && id.isEmpty() && env.isEmpty()) {
                    throw new IllegalArgumentException("invalid secret mount. one of source, target required");
                }
                if (source.isPresent() && id.isPresent()) {
                    throw new IllegalArgumentException("both source and id can't be set");
                }
            }
            return new Mount(type, from, source, target, readOnly, id, sharing, required, mode, uid, gid, size, env);
        }

        private IllegalArgumentException notAllowed(String what) {
            return new IllegalArgumentException(what + " not allowed for " + GoQuote.quote(type) + " type mounts");
        }
    }
}
