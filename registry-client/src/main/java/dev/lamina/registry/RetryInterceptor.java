package dev.lamina.registry;

import dev.lamina.image.io.DigestMismatchException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Tries a request again after a connection failure, a 429 or a 5xx, with backoff and jitter, honouring
 * {@code Retry-After}. Only repeatable requests: {@code GET} and {@code HEAD}, and requests an operation
 * marks {@link Repeatable} (an upload session start, a manifest {@code PUT}) whose body can be sent again.
 * Everything else (a streamed chunk, a commit) is retried by its operation, which knows how to resume.
 */
final class RetryInterceptor implements Interceptor {

    /** Marks a request that may be sent again as it is. */
    enum Repeatable {
        YES
    }

    private final RetryPolicy policy;
    private final RegistryOptions.HttpLogger log;

    RetryInterceptor(RetryPolicy policy, RegistryOptions.HttpLogger log) {
        this.policy = policy;
        this.log = log;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        boolean repeatable = isRepeatable(request);
        for (int attempt = 1; ; attempt++) {
            Response response;
            try {
                response = chain.proceed(request);
            } catch (IOException e) {
                if (!repeatable || attempt >= policy.maxAttempts() || !isTransient(e)) {
                    throw e;
                }
                wait(request, attempt, Optional.empty(), e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
                continue;
            }
            if (!repeatable || attempt >= policy.maxAttempts() || !isRetryable(response.code())) {
                return response;
            }
            Optional<Duration> retryAfter = retryAfter(response.header("Retry-After"));
            String why = "HTTP " + response.code();
            response.close();
            wait(request, attempt, retryAfter, why);
        }
    }

    private void wait(Request request, int attempt, Optional<Duration> retryAfter, String why)
            throws InterruptedIOException {
        Duration delay = policy.delay(attempt, retryAfter);
        log.log("! " + request.method() + " " + HttpLog.redact(request.url()) + ": " + why + "; attempt "
                + (attempt + 1) + " of " + policy.maxAttempts() + " in " + delay.toMillis() + " ms");
        RetryPolicy.sleep(delay);
    }

    static boolean isRepeatable(Request request) {
        if (request.body() != null && request.body().isOneShot()) {
            return false;
        }
        String method = request.method();
        return method.equals("GET") || method.equals("HEAD") || request.tag(Repeatable.class) != null;
    }

    static boolean isRetryable(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** Connection trouble is transient; a refused certificate, bad content or an interrupt is not. */
    static boolean isTransient(IOException e) {
        if (e instanceof DigestMismatchException || e instanceof SSLPeerUnverifiedException
                || e instanceof SSLHandshakeException) {
            return false;
        }
        if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
            return !Thread.currentThread().isInterrupted() && "timeout".equals(e.getMessage());
        }
        return true;
    }

    /** Seconds, or an HTTP date. */
    static Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
        } catch (NumberFormatException e) {
            try {
                Instant when = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), when);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException ignored) {
                return Optional.empty();
            }
        }
    }
}
