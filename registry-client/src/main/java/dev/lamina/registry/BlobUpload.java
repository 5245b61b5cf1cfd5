package dev.lamina.registry;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.copy.ImageDestination.BlobContent;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * Puts one blob into a repository, as the Distribution specification describes:
 * <ul>
 * <li>a cross-repository mount ({@code POST …/uploads/?mount=DIGEST&from=REPO}) when the blob is known in
 *     another repository of the registry; a refused mount still opens an upload session;</li>
 * <li>otherwise a session ({@code POST …/uploads/}), then either one {@code PUT …?digest=} with the whole
 *     blob (up to the chunk size), or {@code PATCH}es of one chunk each with {@code Content-Range},
 *     following each {@code Location} and honouring {@code OCI-Chunk-Min-Length}, and a closing
 *     {@code PUT};</li>
 * <li>a chunk that fails resumes from the session's status ({@code GET} on the session: its
 *     {@code Range} says how much arrived); a commit that fails is followed by a {@code HEAD} of the blob
 *     before it is tried again, since the registry may have it already; a lost session starts over.</li>
 * </ul>
 */
final class BlobUpload {
    private static final Pattern RANGE = Pattern.compile("(?:bytes=)?(\\d+)-(\\d+)");
    private static final okhttp3.MediaType OCTET_STREAM = okhttp3.MediaType.get("application/octet-stream");

    /** How the blob got there. */
    enum Outcome {
        MOUNTED, UPLOADED
    }

    private final Registry registry;
    private final String repository;
    private final AuthScope scope;
    private final Descriptor blob;
    private final BlobContent content;
    private final Optional<String> mountFrom;
    private final String what;
    private final RetryPolicy policy;

    /**
     * @param mountFrom a repository of the same registry that has the blob, if one is known
     * @param what names the blob in errors
     */
    BlobUpload(Registry registry, String repository, Descriptor blob, BlobContent content, Optional<String> mountFrom,
            String what) {
        this.registry = registry;
        this.repository = repository;
        this.scope = AuthScope.push(repository);
        this.blob = blob;
        this.content = content;
        this.mountFrom = mountFrom.filter(from -> !from.equals(repository));
        this.what = what;
        this.policy = registry.retry();
    }

    Outcome run() throws IOException {
        for (int restart = 1; ; restart++) {
            Optional<Session> session = restart == 1 && mountFrom.isPresent() ? mountOrStart(mountFrom.get())
                    : Optional.of(start());
            if (session.isEmpty()) {
                return Outcome.MOUNTED;
            }
            try {
                if (blob.size() <= Math.max(registry.options().chunkSize(), session.get().minChunk())) {
                    monolithic(session.get());
                } else {
                    chunked(session.get());
                }
                return Outcome.UPLOADED;
            } catch (SessionLost lost) {
                if (restart >= policy.maxAttempts()) {
                    throw new IOException(what + ": upload failed " + restart + " times: " + lost.getMessage(),
                            lost.getCause());
                }
                registry.options().log().log("! " + what + ": " + lost.getMessage() + "; starting the upload again");
                RetryPolicy.sleep(policy.delay(restart, Optional.empty()));
            }
        }
    }

    // ---- sessions ----

    /** An open upload: where to send the next request, and the smallest chunk the registry takes. */
    private record Session(HttpUrl location, long minChunk) {
    }

    /** The upload session broke (or never held): start a new one. */
    private static final class SessionLost extends IOException {
        SessionLost(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Session start() throws IOException {
        Response response = registry.execute(uploads(Optional.empty(), scope));
        if (response.code() != 202) {
            throw RegistryErrors.of(response, what);
        }
        return session(response);
    }

    /** Mounts the blob from {@code from}: empty when mounted, else the session the registry opened instead. */
    private Optional<Session> mountOrStart(String from) throws IOException {
        Response response = registry.execute(uploads(Optional.of(from), scope.and(AuthScope.pull(from))));
        if (response.code() == 201) {
            response.close();
            return Optional.empty();
        }
        if (response.code() == 202) {
            return Optional.of(session(response));
        }
        // A registry may refuse to mount (no access to the source): upload as if nothing were known.
        response.close();
        registry.options().log().log("! " + what + ": mount from " + from + " refused (HTTP " + response.code() + ")");
        return Optional.of(start());
    }

    private Request uploads(Optional<String> mountFrom, AuthScope needed) throws IOException {
        HttpUrl.Builder url = registry.url(repository, "blobs", "uploads").newBuilder().addPathSegment("");
        mountFrom.ifPresent(from -> url.addQueryParameter("mount", blob.digest().toString())
                .addQueryParameter("from", from));
        return Registry.request(url.build(), needed)
                .tag(RetryInterceptor.Repeatable.class, RetryInterceptor.Repeatable.YES) // at worst an unused session
                .post(RequestBody.create(new byte[0], null))
                .build();
    }

    private Session session(Response response) throws IOException {
        try (response) {
            String location = response.header("Location");
            HttpUrl url = location == null ? null : response.request().url().resolve(location);
            if (url == null) {
                throw new LaminaException(what + ": the registry opened an upload without a valid Location");
            }
            long minChunk = 0;
            String min = response.header("OCI-Chunk-Min-Length");
            if (min != null) {
                try {
                    minChunk = Math.max(0, Long.parseLong(min.trim()));
                } catch (NumberFormatException e) {
                    // an unreadable minimum is no minimum
                }
            }
            return new Session(url, minChunk);
        }
    }

    // ---- the content ----

    private void monolithic(Session session) throws IOException {
        RequestBody body = new RequestBody() {
            @Override
            public okhttp3.MediaType contentType() {
                return OCTET_STREAM;
            }

            @Override
            public long contentLength() {
                return blob.size();
            }

            /** Not resent behind our back: after a failed commit the blob is looked for first. */
            @Override
            public boolean isOneShot() {
                return true;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                try (InputStream in = openAt(0)) {
                    copy(in, sink, blob.size());
                }
            }
        };
        commit(session.location(), body);
    }

    private void chunked(Session session) throws IOException {
        long chunk = Math.max(registry.options().chunkSize(), session.minChunk());
        HttpUrl location = session.location();
        long offset = 0;
        long offsetAtLastFailure = 0;
        int failures = 0;
        InputStream in = openAt(0);
        try {
            while (offset < blob.size()) {
                long length = Math.min(chunk, blob.size() - offset);
                Response response;
                try {
                    response = registry.execute(Registry.request(location, scope)
                            .header("Content-Range", offset + "-" + (offset + length - 1))
                            .patch(new Slice(in, length))
                            .build());
                } catch (SourceFailure e) {
                    throw e.getCause();
                } catch (IOException e) {
                    response = null;
                    failure(e.toString());
                }
                if (response != null && response.code() == 202) {
                    location = locationOf(response, location);
                    long next = uploadedEnd(response).orElse(offset + length);
                    response.close();
                    if (next != offset + length) {
                        // The registry kept a different amount than was sent: go on from what it has.
                        in.close();
                        in = openAt(next);
                    }
                    offset = next;
                    if (offset != offsetAtLastFailure) {
                        failures = 0;
                    }
                    continue;
                }
                if (response != null) {
                    if (response.code() == 404) {
                        throw new SessionLost("the registry lost the upload session", RegistryErrors.of(response, what));
                    }
                    if (!RetryInterceptor.isRetryable(response.code()) && response.code() != 416
                            && response.code() != 401) {
                        throw RegistryErrors.of(response, what);
                    }
                    failure("HTTP " + response.code());
                    response.close();
                }
                if (++failures >= policy.maxAttempts()) {
                    throw new IOException(what + ": chunk at byte " + offset + " failed " + failures + " times");
                }
                RetryPolicy.sleep(policy.delay(failures, Optional.empty()));
                offsetAtLastFailure = offset;
                Status status = status(location);
                location = status.location();
                in.close();
                in = openAt(status.offset());
                offset = status.offset();
            }
        } finally {
            in.close();
        }
        commit(location, RequestBody.create(new byte[0], null));
    }

    /** Where an upload stands: the registry's next offset and where to continue. */
    private record Status(HttpUrl location, long offset) {
    }

    private Status status(HttpUrl location) throws IOException {
        Response response;
        try {
            response = registry.execute(Registry.request(location, scope).get().build());
        } catch (IOException e) {
            throw new SessionLost("cannot ask for the upload status: " + e.getMessage(), e);
        }
        if (response.code() != 204 && response.code() != 202 && response.code() != 200) {
            throw new SessionLost("the upload status answered HTTP " + response.code(),
                    RegistryErrors.of(response, what));
        }
        try (response) {
            return new Status(locationOf(response, location), uploadedEnd(response).orElse(0L));
        }
    }

    /**
     * The closing {@code PUT …?digest=}. When it fails the registry may still have completed it, so the blob
     * is looked for before anything is sent again; a commit that cannot be repeated starts a new session.
     */
    private void commit(HttpUrl location, RequestBody body) throws IOException {
        HttpUrl url = location.newBuilder().addQueryParameter("digest", blob.digest().toString()).build();
        for (int attempt = 1; ; attempt++) {
            String problem;
            Throwable cause = null;
            try (Response response = registry.execute(Registry.request(url, scope).put(body).build())) {
                if (response.code() == 201 || response.code() == 204 || response.code() == 200) {
                    verifyStatedDigest(response);
                    return;
                }
                if (response.code() == 404) {
                    throw new SessionLost("the registry lost the upload session", RegistryErrors.of(response, what));
                }
                if (!RetryInterceptor.isRetryable(response.code()) && response.code() != 401) {
                    throw RegistryErrors.of(response, what);
                }
                problem = "HTTP " + response.code();
            } catch (SourceFailure e) {
                throw e.getCause();
            } catch (SessionLost | LaminaException e) {
                throw e;
            } catch (IOException e) {
                problem = e.toString();
                cause = e;
            }
            failure("commit: " + problem);
            if (new CheckBlob(registry, repository, scope).exists(blob.digest(), what)) {
                return; // the commit went through; only its answer was lost
            }
            if (body.contentLength() > 0 || attempt >= policy.maxAttempts()) {
                // The body is the whole blob: the session is spent, a new one is needed to send it again.
                throw new SessionLost("commit failed: " + problem, cause);
            }
            RetryPolicy.sleep(policy.delay(attempt, Optional.empty()));
        }
    }

    private void verifyStatedDigest(Response response) {
        String stated = response.header("Docker-Content-Digest", "");
        if (Digest.isValid(stated) && Digest.parse(stated).algorithm().equals(blob.digest().algorithm())
                && !Digest.parse(stated).equals(blob.digest())) {
            throw new LaminaException(what + ": the registry stored the blob as " + stated);
        }
    }

    private void failure(String problem) {
        registry.options().log().log("! " + what + ": " + problem);
    }

    private static HttpUrl locationOf(Response response, HttpUrl current) {
        String location = response.header("Location");
        HttpUrl resolved = location == null ? null : response.request().url().resolve(location);
        return resolved == null ? current : resolved;
    }

    /**
     * The offset after what the registry holds, from {@code Range: 0-END}. Distribution writes {@code 0-0}
     * for an empty upload as well as for one byte; an empty one is the likely case.
     */
    private static Optional<Long> uploadedEnd(Response response) {
        String range = response.header("Range");
        if (range == null) {
            return Optional.empty();
        }
        Matcher m = RANGE.matcher(range.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long end = Long.parseLong(m.group(2));
        return Optional.of(end == 0 ? 0 : end + 1);
    }

    // ---- reading the content ----

    private InputStream openAt(long offset) throws IOException {
        InputStream in;
        try {
            in = content.open();
            in.skipNBytes(offset);
        } catch (IOException e) {
            throw new SourceFailure(e);
        }
        return new SourceStream(in);
    }

    private static void copy(InputStream in, BufferedSink sink, long length) throws IOException {
        byte[] buffer = new byte[65536];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new SourceFailure(new IOException("the source of the blob ended " + left + " bytes early"));
            }
            sink.write(buffer, 0, n);
            left -= n;
        }
    }

    /** One chunk of the stream: exactly {@code length} bytes, sent once. */
    private static final class Slice extends RequestBody {
        private final InputStream in;
        private final long length;

        Slice(InputStream in, long length) {
            this.in = in;
            this.length = length;
        }

        @Override
        public okhttp3.MediaType contentType() {
            return OCTET_STREAM;
        }

        @Override
        public long contentLength() {
            return length;
        }

        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            copy(in, sink, length);
        }
    }

    /**
     * A failure reading the blob's source (the store, another registry), not sending it: resending cannot
     * help, so it is told apart from network trouble and passed on as it is.
     */
    private static final class SourceFailure extends IOException {
        SourceFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** Marks read failures of the source as {@link SourceFailure}. */
    private static final class SourceStream extends FilterInputStream {
        SourceStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (SourceFailure e) {
                throw e;
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (SourceFailure e) {
                throw e;
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }
    }
}
