package dev.lamina.registry.testing;

import dev.lamina.image.testing.Peers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The real Distribution registry ({@code docker-registry}) started by a test on a free loopback port, with
 * a configuration the test chooses: plain HTTP, TLS with a certificate from {@link TestPki} (optionally
 * requiring client certificates), htpasswd Basic auth (bcrypt computed with Bouncy Castle), or token auth
 * trusting a {@link TokenServer}. Storage is a fresh directory. {@link #close()} stops the process.
 *
 * <pre>{@code
 * try (RegistryServer registry = RegistryServer.builder(tempDir).htpasswd("alice", "secret").start()) {
 *     ImageReference ref = ImageReference.parse(registry.host() + "/app:1");
 *     ...
 * }
 * }</pre>
 */
public final class RegistryServer implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final Process process;
    private final Path dir;
    private final int port;
    private final Optional<TestPki> pki;
    private final boolean clientCertificates;

    private RegistryServer(Process process, Path dir, int port, Optional<TestPki> pki, boolean clientCertificates) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.pki = pki;
        this.clientCertificates = clientCertificates;
    }

    /** A registry whose configuration, storage and log live under {@code dir}. */
    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** A plain-HTTP registry without authentication. */
    public static RegistryServer start(Path dir) {
        return builder(dir).start();
    }

    /** How to configure the registry. */
    public static final class Builder {
        private final Path dir;
        private TestPki pki;
        private boolean clientCertificates;
        private String htpasswdUser;
        private String htpasswdPassword;
        private TokenServer tokenServer;

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** Serve TLS with a server certificate from {@code authority}. */
        public Builder tls(TestPki authority) {
            this.pki = authority;
            return this;
        }

        /** With TLS: refuse clients without a certificate from the test CA. */
        public Builder requireClientCertificates() {
            this.clientCertificates = true;
            return this;
        }

        /** Basic auth for one user, from an htpasswd file with a bcrypt hash. */
        public Builder htpasswd(String user, String password) {
            this.htpasswdUser = user;
            this.htpasswdPassword = password;
            return this;
        }

        /** Token auth, trusting tokens {@code server} signs. */
        public Builder tokenAuth(TokenServer server) {
            this.tokenServer = server;
            return this;
        }

        public RegistryServer start() {
            Path binary = Peers.require("docker-registry");
            try {
                Files.createDirectories(dir.resolve("storage"));
                int port = freePort();
                Path config = dir.resolve("config.yml");
                Files.writeString(config, config(port), StandardCharsets.UTF_8);
                Path log = dir.resolve("registry.log");
                Process process = new ProcessBuilder(binary.toString(), "serve", config.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                RegistryServer server = new RegistryServer(process, dir, port, Optional.ofNullable(pki),
                        clientCertificates);
                server.awaitListening();
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String config(int port) throws IOException {
            List<String> lines = new ArrayList<>(List.of(
                    "version: 0.1",
                    "log:",
                    "  level: info",
                    "  accesslog:",
                    "    disabled: false",
                    "storage:",
                    "  filesystem:",
                    "    rootdirectory: " + dir.resolve("storage"),
                    "  delete:",
                    "    enabled: true",
                    "http:",
                    "  addr: 127.0.0.1:" + port,
                    "  secret: " + HexFormat.of().formatHex(random(16))));
            if (pki != null) {
                TestPki.Issued server = pki.server();
                lines.add("  tls:");
                lines.add("    certificate: " + server.certificate());
                lines.add("    key: " + server.key());
                if (clientCertificates) {
                    lines.add("    clientcas:");
                    lines.add("      - " + pki.caCertificate());
                }
            }
            if (htpasswdUser != null) {
                Path htpasswd = dir.resolve("htpasswd");
                String hash = OpenBSDBCrypt.generate("2y", htpasswdPassword.toCharArray(), random(16), 4);
                Files.writeString(htpasswd, htpasswdUser + ":" + hash + "\n", StandardCharsets.UTF_8);
                lines.add("auth:");
                lines.add("  htpasswd:");
                lines.add("    realm: lamina-test");
                lines.add("    path: " + htpasswd);
            } else if (tokenServer != null) {
                lines.add("auth:");
                lines.add("  token:");
                lines.add("    realm: " + tokenServer.realm());
                lines.add("    service: " + TokenServer.SERVICE);
                lines.add("    issuer: " + TokenServer.ISSUER);
                lines.add("    rootcertbundle: " + tokenServer.signingCertificate());
            }
            return String.join("\n", lines) + "\n";
        }
    }

    /** {@code 127.0.0.1:PORT}: the registry part of references to this registry. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String url() {
        return (pki.isPresent() ? "https" : "http") + "://" + host();
    }

    /** The registry's storage directory (filesystem driver root). */
    public Path storage() {
        return dir.resolve("storage");
    }

    /**
     * A directory laid out like {@code /etc/docker/certs.d}: {@code 127.0.0.1:PORT/ca.crt}, and a client
     * certificate and key when the registry requires them. Empty for a plain-HTTP registry.
     */
    public Path certsDirectory() {
        Path certs = dir.resolve("certs.d");
        Path host = certs.resolve(host());
        try {
            Files.createDirectories(host);
            if (pki.isPresent()) {
                Files.copy(pki.get().caCertificate(), host.resolve("ca.crt"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                if (clientCertificates) {
                    TestPki.Issued client = pki.get().client();
                    Files.copy(client.certificate(), host.resolve("client.cert"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Files.copy(client.key(), host.resolve("client.key"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return certs;
    }

    /** What the registry logged so far (access log included). */
    public String log() {
        try {
            return Files.readString(dir.resolve("registry.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        ProcessHandle handle = process.toHandle();
        handle.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        }
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited with " + process.exitValue() + ":\n" + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                sleep(50);
            }
        }
        close();
        throw new IllegalStateException("docker-registry did not listen on " + host() + " within " + STARTUP
                + ":\n" + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
