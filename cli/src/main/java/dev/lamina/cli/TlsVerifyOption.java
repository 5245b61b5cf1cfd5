package dev.lamina.cli;

import picocli.CommandLine.Option;

/** {@code --tls-verify}, as skopeo and podman spell it, for commands that talk to one registry. */
final class TlsVerifyOption {
    @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", defaultValue = "true", paramLabel = "BOOL",
            description = "Require HTTPS and verify certificates (default true); false also allows plain HTTP.")
    boolean tlsVerify = true;
}
