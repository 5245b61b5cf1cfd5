package dev.lamina.cli;

import java.util.Optional;

/**
 * Where an image is, as the user wrote it: {@code REF} or {@code store:REF}, {@code docker://REF},
 * {@code docker-archive:PATH[:REF]}, {@code oci:DIR[:TAG]}, {@code oci-archive:PATH[:TAG]}.
 */
record ImageLocation(Transport transport, String path, Optional<String> name, String text) {

    /** The transports, by the prefix users type. */
    enum Transport {
        STORE("store:"),
        REGISTRY("docker://"),
        DOCKER_ARCHIVE("docker-archive:"),
        OCI("oci:"),
        OCI_ARCHIVE("oci-archive:");

        private final String prefix;

        Transport(String prefix) {
            this.prefix = prefix;
        }

        String prefix() {
            return prefix;
        }
    }

    static ImageLocation parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new UsageException("an image reference is required");
        }
        for (Transport transport : Transport.values()) {
            if (!text.startsWith(transport.prefix)) {
                continue;
            }
            String rest = text.substring(transport.prefix.length());
            if (rest.isEmpty()) {
                throw new UsageException("invalid image location \"" + text + "\": nothing after " + transport.prefix);
            }
            return switch (transport) {
                case STORE, REGISTRY -> new ImageLocation(transport, "", Optional.of(rest), text);
                case DOCKER_ARCHIVE, OCI, OCI_ARCHIVE -> {
                    int colon = rest.indexOf(':');
                    yield colon < 0
                            ? new ImageLocation(transport, rest, Optional.empty(), text)
                            : new ImageLocation(transport, rest.substring(0, colon),
                                    Optional.of(rest.substring(colon + 1)).filter(s -> !s.isEmpty()), text);
                }
            };
        }
        return new ImageLocation(Transport.STORE, "", Optional.of(text), text);
    }

    boolean isStore() {
        return transport == Transport.STORE;
    }
}
