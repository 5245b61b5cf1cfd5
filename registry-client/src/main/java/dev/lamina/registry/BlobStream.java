package dev.lamina.registry;

import dev.lamina.image.Descriptor;
import dev.lamina.image.LaminaException;
import dev.lamina.image.io.DigestMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A blob read from a registry, {@code GET /v2/NAME/blobs/DIGEST}, that survives a broken or stalled
 * connection: it asks again from where it stopped with {@code Range: bytes=N-} (or skips what it has when
 * the server ignores ranges) and goes on. The reader sees one uninterrupted stream, so whoever verifies the
 * digest hashes each byte once. Never more than the descriptor's size is read.
 */
final class BlobStream extends InputStream {
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    /** Progress that earns a fresh retry budget: a long transfer over a flaky link may break many times. */
    private static final long PROGRESS_RESETTING_FAILURES = 1L << 20;

    private final Registry registry;
    private final String repository;
    private final AuthScope scope;
    private final Descriptor blob;
    private final String what;
    private long position;
    private long positionAtLastFailure;
    private int failures;
    private Response response;
    private InputStream body;
    private boolean closed;

    BlobStream(Registry registry, String repository, AuthScope scope, Descriptor blob, long offset, String what) {
        this.registry = registry;
        this.repository = repository;
        this.scope = scope;
        this.blob = blob;
        this.what = what;
        this.position = offset;
        this.positionAtLastFailure = offset;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException(what + ": stream closed");
        }
        if (length == 0) {
            return 0;
        }
        while (true) {
            long remaining = blob.size() - position;
            if (remaining <= 0) {
                return -1;
            }
            try {
                if (body == null) {
                    open();
                }
                int n = body.read(buffer, offset, (int) Math.min(length, remaining));
                if (n < 0) {
                    throw new IOException("the registry ended the blob after " + position + " of " + blob.size()
                            + " bytes");
                }
                position += n;
                return n;
            } catch (DigestMismatchException | LaminaException e) {
                throw e;
            } catch (IOException e) {
                recover(e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        release();
    }

    private void open() throws IOException {
        okhttp3.Request.Builder request = Registry.request(registry.url(repository, "blobs", blob.digest().toString()),
                        scope)
                // Ranges and transparent gzip do not mix; a blob is already compressed anyway.
                .header("Accept-Encoding", "identity")
                .get();
        if (position > 0) {
            request.header("Range", "bytes=" + position + "-");
        }
        Response answer = registry.execute(request.build());
        if (answer.code() == 200) {
            body = bodyOf(answer);
            response = answer;
            if (position > 0) {
                body.skipNBytes(position); // the server ignored the range: discard what was read before
            }
            return;
        }
        if (answer.code() == 206) {
            long start = rangeStart(answer.header("Content-Range", ""));
            if (start != position) {
                answer.close();
                throw new LaminaException(what + ": the registry answered a request for bytes from " + position
                        + " with bytes from " + start);
            }
            body = bodyOf(answer);
            response = answer;
            return;
        }
        throw RegistryErrors.of(answer, what);
    }

    private void recover(IOException e) throws IOException {
        release();
        if (position - positionAtLastFailure >= PROGRESS_RESETTING_FAILURES) {
            failures = 0;
        }
        positionAtLastFailure = position;
        failures++;
        RetryPolicy policy = registry.retry();
        if (failures >= policy.maxAttempts() || !RetryInterceptor.isTransient(e)) {
            throw new IOException(what + ": transfer failed after " + position + " of " + blob.size() + " bytes ("
                    + failures + " attempts): " + e.getMessage(), e);
        }
        registry.options().log().log("! " + what + ": " + e + "; resuming at byte " + position);
        RetryPolicy.sleep(policy.delay(failures, Optional.empty()));
    }

    private void release() {
        if (response != null) {
            response.close();
        }
        response = null;
        body = null;
    }

    private static InputStream bodyOf(Response response) {
        ResponseBody responseBody = response.body();
        return responseBody == null ? InputStream.nullInputStream() : responseBody.byteStream();
    }

    private static long rangeStart(String contentRange) {
        Matcher m = CONTENT_RANGE.matcher(contentRange.trim());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
