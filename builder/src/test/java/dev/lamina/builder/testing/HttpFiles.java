package dev.lamina.builder.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A static HTTP server on loopback for ADD URLs and git's dumb HTTP protocol: serves {@link #put} bodies (with a
 * {@code Last-Modified} header) and the files below a directory; anything else is 404.
 */
public final class HttpFiles implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final Map<String, String> lastModified = new ConcurrentHashMap<>();

    public HttpFiles(Path directory) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = bodies.get(path);
            Path file = directory == null ? null : directory.resolve(path.substring(1)).normalize();
            if (body == null && file != null && file.startsWith(directory) && Files.isRegularFile(file)) {
                body = Files.readAllBytes(file);
            }
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            String modified = lastModified.get(path);
            if (modified != null) {
                exchange.getResponseHeaders().add("Last-Modified", modified);
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public HttpFiles put(String path, byte[] body, String lastModifiedHeader) {
        bodies.put(path, body);
        if (lastModifiedHeader != null) {
            lastModified.put(path, lastModifiedHeader);
        }
        return this;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
