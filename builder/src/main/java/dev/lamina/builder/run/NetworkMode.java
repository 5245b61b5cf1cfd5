package dev.lamina.builder.run;

import dev.lamina.image.LaminaException;
import java.util.Locale;

/** {@code RUN --network}: the host's network (the default, as daemonless builders do), or none at all. */
public enum NetworkMode {
    /** The host's network namespace. */
    HOST,
    /** A new network namespace with only the loopback interface, up. */
    NONE;

    /** Reads {@code --network=VALUE}; {@code default} is the host's, as in BuildKit without a daemon. */
    public static NetworkMode parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "host", "default" -> HOST;
            case "none" -> NONE;
            default -> throw new LaminaException("unsupported network mode " + value + " (expected host or none)");
        };
    }
}
