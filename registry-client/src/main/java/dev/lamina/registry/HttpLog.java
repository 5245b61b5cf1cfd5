package dev.lamina.registry;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The {@code --debug} request log: every request as it goes on the wire (redirects and retries included)
 * and its answer, with headers. Secrets never appear: credentials in headers and signature or token
 * parameters in URLs are replaced by {@code <redacted>}; bodies are never logged.
 */
final class HttpLog implements Interceptor {
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie", "x-registry-auth");
    private static final String REDACTED = "<redacted>";

    private final RegistryOptions.HttpLogger log;

    HttpLog(RegistryOptions.HttpLogger log) {
        this.log = log;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        long start = System.nanoTime();
        StringBuilder out = new StringBuilder("> ").append(request.method()).append(' ').append(redact(request.url()));
        appendHeaders(out, request.headers());
        log.log(out.toString());
        Response response;
        try {
            response = chain.proceed(request);
        } catch (IOException e) {
            log.log("! " + request.method() + " " + redact(request.url()) + " failed: " + e);
            throw e;
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        StringBuilder in = new StringBuilder("< ").append(response.code()).append(' ').append(request.method())
                .append(' ').append(redact(request.url())).append(" (").append(millis).append(" ms)");
        appendHeaders(in, response.headers());
        log.log(in.toString());
        return response;
    }

    private static void appendHeaders(StringBuilder out, Headers headers) {
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            out.append("\n    ").append(name).append(": ").append(redactHeader(name, headers.value(i)));
        }
    }

    static String redactHeader(String name, String value) {
        if (!SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            return value;
        }
        int space = value.indexOf(' ');
        // Keep the scheme ("Bearer", "Basic"): it says what was sent without saying what it was.
        return space > 0 && space < 16 ? value.substring(0, space) + " " + REDACTED : REDACTED;
    }

    /** The URL with the values of secret-looking query parameters (signatures, tokens, keys) hidden. */
    static String redact(HttpUrl url) {
        String query = url.encodedQuery();
        if (query == null) {
            return url.toString();
        }
        StringBuilder out = new StringBuilder(url.newBuilder().query(null).build().toString()).append('?');
        String[] pairs = query.split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            int eq = pairs[i].indexOf('=');
            String name = eq < 0 ? pairs[i] : pairs[i].substring(0, eq);
            out.append(i == 0 ? "" : "&").append(eq >= 0 && isSecretParameter(name) ? name + "=" + REDACTED : pairs[i]);
        }
        return out.toString();
    }

    private static boolean isSecretParameter(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains("sig") || n.contains("token") || n.contains("key") || n.contains("secret")
                || n.contains("password") || n.contains("credential") || n.equals("code") || n.contains("auth");
    }
}
