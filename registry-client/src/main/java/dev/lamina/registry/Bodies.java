package dev.lamina.registry;

import dev.lamina.image.LaminaException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.Response;
import okhttp3.ResponseBody;

/** Reads whole response bodies (manifests, tokens, errors, tag lists) without trusting their size. */
final class Bodies {
    /** Error documents: enough for any registry's message, small enough for a hostile one. */
    static final int ERROR_LIMIT = 64 * 1024;
    /** Distribution refuses manifests over 4 MiB; some registries allow a little more. */
    static final int MANIFEST_LIMIT = 8 * 1024 * 1024;
    static final int TOKEN_LIMIT = 1024 * 1024;
    static final int TAG_LIST_LIMIT = 32 * 1024 * 1024;

    private Bodies() {
    }

    /** The body, failing once it exceeds {@code limit} bytes; closes the response. */
    static byte[] read(Response response, int limit, String what) throws IOException {
        try (response) {
            ResponseBody body = response.body();
            if (body == null) {
                return new byte[0];
            }
            if (body.contentLength() > limit) {
                throw new LaminaException(what + " is too large (" + body.contentLength() + " bytes, limit " + limit + ")");
            }
            return readAtMost(body.byteStream(), limit, what);
        }
    }

    /** Up to {@code limit} bytes of an error body; the rest is ignored, not an error. */
    static byte[] readPrefix(Response response, int limit) {
        try (response) {
            ResponseBody body = response.body();
            if (body == null) {
                return new byte[0];
            }
            return body.byteStream().readNBytes(limit);
        } catch (IOException e) {
            return new byte[0]; // the status alone still says what went wrong
        }
    }

    private static byte[] readAtMost(InputStream in, int limit, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (out.size() + n > limit) {
                throw new LaminaException(what + " is too large (more than " + limit + " bytes)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
