package dev.lamina.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lamina.image.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The least registry that lets {@link CdsTraining} push, pull, list and inspect in-process: blobs and
 * manifests in memory, monolithic uploads only, on a loopback port. Never used to hold real images.
 */
final class TrainingRegistry implements AutoCloseable {
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[a-f0-9]{64})");
    private static final Pattern UPLOADS = Pattern.compile("/v2/(.+)/blobs/uploads/");
    private static final Pattern UPLOAD = Pattern.compile("/upload/([0-9]+)");
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
    private static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list");

    private final HttpServer server;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    private final Map<String, String> types = new ConcurrentHashMap<>();
    private final AtomicInteger uploads = new AtomicInteger();

    private TrainingRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static TrainingRegistry start() throws IOException {
        return new TrainingRegistry();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Matcher m;
            if (path.equals("/v2/")) {
                respond(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8));
            } else if ((m = UPLOADS.matcher(path)).matches() && method.equals("POST")) {
                exchange.getResponseHeaders().set("Location", "/upload/" + uploads.incrementAndGet());
                respond(exchange, 202, new byte[0]);
            } else if ((m = UPLOAD.matcher(path)).matches() && method.equals("PUT")) {
                String digest = Digest.sha256(body).toString();
                blobs.put(digest, body);
                exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
                respond(exchange, 201, new byte[0]);
            } else if ((m = BLOB.matcher(path)).matches()) {
                byte[] blob = blobs.get(m.group(2));
                if (blob == null) {
                    respond(exchange, 404, new byte[0]);
                } else if (method.equals("HEAD")) {
                    exchange.getResponseHeaders().set("Content-Length", String.valueOf(blob.length));
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    respond(exchange, 200, blob);
                }
            } else if ((m = MANIFEST.matcher(path)).matches()) {
                String key = m.group(1) + "@";
                if (method.equals("PUT")) {
                    String digest = Digest.sha256(body).toString();
                    for (String name : new String[] {m.group(2), digest}) {
                        manifests.put(key + name, body);
                        types.put(key + name, exchange.getRequestHeaders().getFirst("Content-Type"));
                    }
                    exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
                    respond(exchange, 201, new byte[0]);
                } else {
                    byte[] manifest = manifests.get(key + m.group(2));
                    if (manifest == null) {
                        respond(exchange, 404, new byte[0]);
                    } else {
                        exchange.getResponseHeaders().set("Content-Type", types.get(key + m.group(2)));
                        respond(exchange, 200, manifest);
                    }
                }
            } else if ((m = TAGS.matcher(path)).matches()) {
                respond(exchange, 200, ("{\"name\":\"" + m.group(1) + "\",\"tags\":[\"1\"]}")
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                respond(exchange, 404, new byte[0]);
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
