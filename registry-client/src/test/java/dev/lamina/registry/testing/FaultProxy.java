package dev.lamina.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;

/**
 * A proxy in front of a real registry that misbehaves on request: error statuses, connections reset in the
 * middle of a body, slow bodies, corrupted content, uploads cut half way. Requests are forwarded with the
 * proxy's own {@code Host}, so the registry's {@code Location} headers point back at the proxy. Every
 * exchange is recorded. Built on MockWebServer; bodies pass through memory, so keep test blobs small.
 */
public final class FaultProxy implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();
    private final String upstream;
    private final OkHttpClient client = new OkHttpClient.Builder()
            .followRedirects(false).retryOnConnectionFailure(false)
            .readTimeout(60, TimeUnit.SECONDS).build();
    private final List<Fault> faults = Collections.synchronizedList(new ArrayList<>());
    private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());

    /** What the proxy saw and answered. */
    public record Exchange(String method, String path, Headers requestHeaders, int status, String fault) {
        public String header(String name) {
            return requestHeaders.get(name);
        }
    }

    /** What to do to a matching request. */
    public sealed interface Action {
    }

    /** Answer with this status (and an error document), without asking the registry. */
    public record Status(int code, String retryAfter) implements Action {
    }

    /** Forward, then cut the connection half way through the response body. */
    public record ResetMidBody() implements Action {
    }

    /** Forward, then send the body {@code bytes} at a time, {@code pause} apart. */
    public record SlowBody(long bytes, java.time.Duration pause) implements Action {
    }

    /** Forward, then change a byte of the body. */
    public record Corrupt() implements Action {
    }

    /** Read the request, forward nothing, and drop the connection without an answer. */
    public record DropRequest() implements Action {
    }

    /** Forward the first half of an upload chunk ({@code PATCH} with Content-Range), then drop the connection. */
    public record HalfUploadThenDrop() implements Action {
    }

    /** Forward the request, then answer with this status instead of the registry's answer. */
    public record ForwardThenStatus(int code) implements Action {
    }

    private static final class Fault {
        final Predicate<RecordedRequest> when;
        final AtomicInteger remaining;
        final Action action;

        Fault(Predicate<RecordedRequest> when, int times, Action action) {
            this.when = when;
            this.remaining = new AtomicInteger(times);
            this.action = action;
        }
    }

    private FaultProxy(String upstream) {
        this.upstream = upstream;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    return handle(request);
                } catch (IOException e) {
                    return new MockResponse().setResponseCode(599).setBody("proxy: " + e);
                }
            }
        });
    }

    /** A proxy for the registry at {@code upstreamUrl} ({@code http://127.0.0.1:PORT}). */
    public static FaultProxy start(String upstreamUrl) {
        FaultProxy proxy = new FaultProxy(upstreamUrl);
        try {
            proxy.server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return proxy;
    }

    /** {@code 127.0.0.1:PORT}: use it as the registry part of references. */
    public String host() {
        return "127.0.0.1:" + server.getPort();
    }

    /** Applies {@code action} to the next {@code times} requests {@code when} matches. */
    public FaultProxy inject(Predicate<RecordedRequest> when, int times, Action action) {
        faults.add(new Fault(when, times, action));
        return this;
    }

    public List<Exchange> exchanges() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    /** Matches requests by method and a fragment of the path. */
    public static Predicate<RecordedRequest> request(String method, String pathContains) {
        return r -> r.getMethod().equals(method) && r.getPath() != null && r.getPath().contains(pathContains);
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    // ---- forwarding ----

    private MockResponse handle(RecordedRequest request) throws IOException {
        Action action = null;
        synchronized (faults) {
            for (Fault fault : faults) {
                if (fault.when.test(request) && fault.remaining.getAndDecrement() > 0) {
                    action = fault.action;
                    break;
                }
            }
        }
        String faultName = action == null ? "" : action.getClass().getSimpleName();
        if (action instanceof Status status) {
            record(request, status.code, faultName);
            MockResponse response = new MockResponse().setResponseCode(status.code)
                    .setHeader("Content-Type", "application/json")
                    .setBody("{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"injected " + status.code + "\"}]}");
            if (status.retryAfter != null) {
                response.setHeader("Retry-After", status.retryAfter);
            }
            return response;
        }
        if (action instanceof DropRequest) {
            record(request, 0, faultName);
            return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
        }
        if (action instanceof HalfUploadThenDrop) {
            forwardHalf(request);
            record(request, 0, faultName);
            return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
        }
        try (Response answer = forward(request, request.getBody().readByteArray(), request.getHeaders())) {
            if (action instanceof ForwardThenStatus status) {
                record(request, status.code, faultName);
                return new MockResponse().setResponseCode(status.code).setBody("{\"errors\":[]}");
            }
            record(request, answer.code(), faultName);
            MockResponse response = new MockResponse().setResponseCode(answer.code());
            Headers.Builder headers = new Headers.Builder();
            for (int i = 0; i < answer.headers().size(); i++) {
                String name = answer.headers().name(i);
                if (!name.equalsIgnoreCase("Transfer-Encoding") && !name.equalsIgnoreCase("Connection")) {
                    headers.add(name, answer.headers().value(i));
                }
            }
            response.setHeaders(headers.build());
            if (!request.getMethod().equals("HEAD") && answer.body() != null) {
                byte[] body = answer.body().bytes();
                if (action instanceof Corrupt && body.length > 0) {
                    body[body.length / 2] ^= 0x5a;
                }
                response.setBody(new Buffer().write(body));
            }
            if (action instanceof ResetMidBody) {
                response.setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
            } else if (action instanceof SlowBody slow) {
                response.throttleBody(slow.bytes, slow.pause.toMillis(), TimeUnit.MILLISECONDS);
            }
            return response;
        }
    }

    /** Sends the first half of a chunk upstream, with its Content-Range shortened to match. */
    private void forwardHalf(RecordedRequest request) throws IOException {
        byte[] body = request.getBody().readByteArray();
        String range = request.getHeader("Content-Range");
        if (range == null || body.length < 2) {
            return;
        }
        long start = Long.parseLong(range.replaceFirst("^(?:bytes=)?(\\d+)-.*$", "$1"));
        byte[] half = java.util.Arrays.copyOf(body, body.length / 2);
        Headers headers = request.getHeaders().newBuilder()
                .set("Content-Range", start + "-" + (start + half.length - 1)).build();
        forward(request, half, headers).close();
    }

    private Response forward(RecordedRequest request, byte[] body, Headers headers) throws IOException {
        Request.Builder builder = new Request.Builder().url(upstream + request.getPath());
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")
                    && !name.equalsIgnoreCase("Connection")) {
                builder.addHeader(name, headers.value(i));
            }
        }
        String method = request.getMethod();
        boolean hasBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        String type = headers.get("Content-Type");
        builder.method(method, hasBody ? RequestBody.create(body, type == null ? null : okhttp3.MediaType.parse(type))
                : null);
        return client.newCall(builder.build()).execute();
    }

    private void record(RecordedRequest request, int status, String fault) {
        exchanges.add(new Exchange(request.getMethod(), request.getPath(), request.getHeaders(), status, fault));
    }
}
