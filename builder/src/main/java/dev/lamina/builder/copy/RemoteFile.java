package dev.lamina.builder.copy;

import dev.lamina.builder.BuildException;
import dev.lamina.builder.fs.ContentSpool;
import dev.lamina.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code ADD https://…}: the file is downloaded (redirects followed) into the content spool, its digest computed on
 * the way; it is named after the URL's last path component ({@code __unnamed__} when there is none) and dated by
 * its {@code Last-Modified} header, as BuildKit does.
 */
final class RemoteFile {
    /** Made on first download: the HTTP client loads the TLS stack, which a build without ADD URLs never needs. */
    private static final class Client {
        static final HttpClient INSTANCE = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
    }

    /** A downloaded file. */
    record Downloaded(ContentSpool.Range range, Optional<Instant> lastModified) {
    }

    private RemoteFile() {
    }

    static boolean isUrl(String source) {
        return source.startsWith("http://") || source.startsWith("https://");
    }

    /** BuildKit's name for the downloaded file: {@code path.Base} of the URL's path. */
    static String fileName(String url) {
        try {
            String path = URI.create(url).getPath();
            if (path != null) {
                String trimmed = path.replaceAll("/+$", "");
                String base = trimmed.substring(trimmed.lastIndexOf('/') + 1);
                if (!base.isEmpty() && !base.equals(".")) {
                    return base;
                }
            }
        } catch (IllegalArgumentException e) {
            // an URL Java cannot parse still downloads under the default name, if the server takes it
        }
        return "__unnamed__";
    }

    static Downloaded fetch(String url, ContentSpool spool, Optional<Digest> checksum) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = Client.INSTANCE.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).GET()
                    .header("User-Agent", "lamina").build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IllegalArgumentException e) {
            throw new BuildException("invalid URL " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("interrupted while downloading " + url);
        } catch (IOException e) {
            throw new BuildException("cannot download " + url + ": " + describe(e), e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                throw new BuildException("cannot download " + url + ": HTTP " + response.statusCode());
            }
            ContentSpool.Range range = spool.append(body);
            if (checksum.isPresent() && !checksum.get().equals(range.digest())) {
                throw new BuildException("checksum mismatch for " + url + ": expected " + checksum.get() + ", got "
                        + range.digest());
            }
            Optional<Instant> modified = response.headers().firstValue("Last-Modified").flatMap(RemoteFile::httpDate);
            return new Downloaded(range, modified);
        }
    }

    private static Optional<Instant> httpDate(String text) {
        try {
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
