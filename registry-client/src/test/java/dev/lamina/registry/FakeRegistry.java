package dev.lamina.registry;

import dev.lamina.image.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;

/**
 * A scripted registry for protocol details the real one does not exercise: uploads that honour
 * {@code Content-Range} and resume at any offset, {@code OCI-Chunk-Min-Length}, blob redirects to
 * another host, Basic auth, and whatever manifest type a test hands it.
 */
final class FakeRegistry implements AutoCloseable {
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[a-f0-9]{64})");
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/?]+)");
    private static final Pattern UPLOADS = Pattern.compile("/v2/(.+)/blobs/uploads/(\\?.*)?");
    private static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list(\\?.*)?");
    private static final Pattern UPLOAD = Pattern.compile("/upload/([a-f0-9-]+)(\\?digest=(.+))?");

    final MockWebServer server = new MockWebServer();
    final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    final Map<String, String[]> manifests = new ConcurrentHashMap<>(); // reference → {type, content}
    final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    final Map<String, List<String>> tags = new ConcurrentHashMap<>();
    volatile Optional<String> basic = Optional.empty();
    volatile long chunkMinLength;
    volatile String blobRedirect;
    /** Upload requests (PATCH) whose body only half arrives before the connection drops, by number. */
    volatile int truncatePatch;
    private int patches;

    FakeRegistry() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                return handle(request);
            }
        });
        try {
            server.start(InetAddress.getLoopbackAddress(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String host() {
        return "127.0.0.1:" + server.getPort();
    }

    FakeRegistry requireBasic(String user, String password) {
        basic = Optional.of("Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8)));
        return this;
    }

    void manifest(String repositoryAndReference, String type, String content) {
        manifests.put(repositoryAndReference, new String[] {type, content});
    }

    List<RecordedRequest> requests(String method) {
        return requests.stream().filter(r -> r.getMethod().equals(method)).toList();
    }

    @Override
    public void close() throws IOException {
        server.shutdown();
    }

    private MockResponse handle(RecordedRequest request) {
        String path = request.getPath();
        if (basic.isPresent() && !basic.get().equals(request.getHeader("Authorization"))) {
            return new MockResponse().setResponseCode(401).setHeader("WWW-Authenticate", "Basic realm=\"fake\"")
                    .setBody("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}");
        }
        if (path.equals("/v2/")) {
            return new MockResponse().setBody("{}");
        }
        Matcher m;
        if ((m = TAGS.matcher(path)).matches()) {
            return tagPage(m.group(1), request.getRequestUrl());
        }
        if ((m = UPLOADS.matcher(path)).matches() && request.getMethod().equals("POST")) {
            String mount = request.getRequestUrl().queryParameter("mount");
            if (mount != null && blobs.containsKey(mount)) {
                return new MockResponse().setResponseCode(201).setHeader("Docker-Content-Digest", mount);
            }
            String id = UUID.randomUUID().toString();
            uploads.put(id, new ByteArrayOutputStream());
            MockResponse response = new MockResponse().setResponseCode(202).setHeader("Location", "/upload/" + id)
                    .setHeader("Range", "0-0");
            if (chunkMinLength > 0) {
                response.setHeader("OCI-Chunk-Min-Length", String.valueOf(chunkMinLength));
            }
            return response;
        }
        if ((m = UPLOAD.matcher(path)).matches()) {
            return upload(request, m.group(1), Optional.ofNullable(m.group(3)));
        }
        if ((m = BLOB.matcher(path)).matches()) {
            byte[] blob = blobs.get(m.group(2));
            if (blob == null) {
                return new MockResponse().setResponseCode(404);
            }
            if (blobRedirect != null && request.getMethod().equals("GET")) {
                return new MockResponse().setResponseCode(307).setHeader("Location", blobRedirect + "/" + m.group(2));
            }
            MockResponse response = new MockResponse().setHeader("Docker-Content-Digest", m.group(2));
            return request.getMethod().equals("HEAD") ? response.setHeader("Content-Length", blob.length)
                    : response.setBody(new Buffer().write(blob));
        }
        if ((m = MANIFEST.matcher(path)).matches()) {
            String key = m.group(1) + ":" + m.group(2);
            if (request.getMethod().equals("PUT")) {
                byte[] body = request.getBody().readByteArray();
                String[] entry = {request.getHeader("Content-Type"), new String(body, StandardCharsets.UTF_8)};
                manifests.put(key, entry);
                manifests.put(m.group(1) + ":" + Digest.sha256(body), entry);
                return new MockResponse().setResponseCode(201).setHeader("Docker-Content-Digest", Digest.sha256(body));
            }
            String[] manifest = manifests.get(key);
            if (manifest == null) {
                return new MockResponse().setResponseCode(404)
                        .setBody("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
            }
            return new MockResponse().setHeader("Content-Type", manifest[0]).setBody(manifest[1]);
        }
        return new MockResponse().setResponseCode(404);
    }

    private synchronized MockResponse upload(RecordedRequest request, String id, Optional<String> digest) {
        ByteArrayOutputStream upload = uploads.get(id);
        if (upload == null) {
            return new MockResponse().setResponseCode(404)
                    .setBody("{\"errors\":[{\"code\":\"BLOB_UPLOAD_UNKNOWN\",\"message\":\"upload unknown\"}]}");
        }
        switch (request.getMethod()) {
            case "GET":
                return progress(new MockResponse().setResponseCode(204), id, upload);
            case "PATCH":
                String range = request.getHeader("Content-Range");
                long start = range == null ? upload.size() : Long.parseLong(range.substring(0, range.indexOf('-')));
                if (start != upload.size()) {
                    return progress(new MockResponse().setResponseCode(416), id, upload);
                }
                byte[] body = request.getBody().readByteArray();
                if (++patches == truncatePatch) {
                    upload.write(body, 0, body.length / 2);
                    return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
                }
                upload.write(body, 0, body.length);
                return progress(new MockResponse().setResponseCode(202), id, upload);
            case "PUT":
                byte[] last = request.getBody().readByteArray();
                upload.write(last, 0, last.length);
                byte[] content = upload.toByteArray();
                if (digest.isEmpty() || !Digest.sha256(content).toString().equals(decode(digest.get()))) {
                    return new MockResponse().setResponseCode(400)
                            .setBody("{\"errors\":[{\"code\":\"DIGEST_INVALID\",\"message\":\"digest invalid\"}]}");
                }
                uploads.remove(id);
                blobs.put(Digest.sha256(content).toString(), content);
                return new MockResponse().setResponseCode(201).setHeader("Docker-Content-Digest", Digest.sha256(content));
            default:
                return new MockResponse().setResponseCode(405);
        }
    }

    /** Tags in order, {@code n} at a time after {@code last}, with a Link to the next page as Distribution writes it. */
    private MockResponse tagPage(String repository, okhttp3.HttpUrl url) {
        List<String> all = tags.getOrDefault(repository, List.of());
        String last = url.queryParameter("last");
        int from = last == null ? 0 : all.indexOf(last) + 1;
        int n = url.queryParameter("n") == null ? all.size() : Integer.parseInt(url.queryParameter("n"));
        List<String> page = all.subList(from, Math.min(all.size(), from + n));
        MockResponse response = new MockResponse().setHeader("Content-Type", "application/json")
                .setBody("{\"name\":\"" + repository + "\",\"tags\":[" + String.join(",",
                        page.stream().map(t -> "\"" + t + "\"").toList()) + "]}");
        if (from + n < all.size()) {
            response.setHeader("Link", "</v2/" + repository + "/tags/list?n=" + n + "&last=" + page.get(page.size() - 1)
                    + ">; rel=\"next\"");
        }
        return response;
    }

    private static MockResponse progress(MockResponse response, String id, ByteArrayOutputStream upload) {
        return response.setHeader("Location", "/upload/" + id)
                .setHeader("Range", "0-" + Math.max(0, upload.size() - 1));
    }

    private static String decode(String value) {
        return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
