package dev.lamina.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A plain-HTTP {@link RegistryServer} shared by the tests of one class, started before the first and
 * stopped (its storage removed) after the last:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedRegistry registry = new SharedRegistry();
 * ... registry.host() ...
 * }</pre>
 */
public final class SharedRegistry implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private RegistryServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("lamina-registry");
        server = RegistryServer.start(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    public RegistryServer server() {
        return server;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return server.host();
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return server.url();
    }
}
