package dev.lamina.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import okhttp3.Response;

/**
 * Turns a refusal into one line a user can act on: the registry's error code and message (from the
 * Distribution error document, or an OAuth one from a token server), then the reference concerned, e.g.
 * {@code MANIFEST_UNKNOWN: manifest unknown: localhost:5000/app:2}. Bodies are read with a size limit.
 */
final class RegistryErrors {
    private static final int MESSAGE_LIMIT = 300;

    private RegistryErrors() {
    }

    /** Reads (a bounded prefix of) the body and closes the response. */
    static RegistryException of(Response response, String reference) {
        int status = response.code();
        String reason = response.message();
        byte[] body = response.request().method().equals("HEAD") ? new byte[0]
                : Bodies.readPrefix(response, Bodies.ERROR_LIMIT);
        response.close();
        return of(status, reason, body, reference);
    }

    static RegistryException of(int status, String reason, byte[] body, String reference) {
        Optional<Described> described = parse(body);
        String code = described.flatMap(Described::code).orElseGet(() -> defaultCode(status));
        String message = described.map(Described::message).filter(m -> !m.isBlank())
                .orElseGet(() -> defaultMessage(status, reason));
        String line = (code.isEmpty() ? "" : code + ": ") + oneLine(message) + ": " + reference;
        return new RegistryException(status, described.flatMap(Described::code).or(() -> Optional.of(code))
                .filter(c -> !c.isEmpty()), line);
    }

    private record Described(Optional<String> code, String message) {
    }

    private static Optional<Described> parse(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        Optional<JsonNode> parsed = Json.tryReadTree(body);
        if (parsed.isEmpty()) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            return text.isEmpty() || text.startsWith("<") ? Optional.empty()
                    : Optional.of(new Described(Optional.empty(), text));
        }
        JsonNode root = parsed.get();
        if (!root.isObject()) {
            return Optional.empty();
        }
        JsonNode errors = root.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            List<String> messages = new ArrayList<>();
            String firstCode = errors.get(0).path("code").asText("");
            for (JsonNode error : errors) {
                String code = error.path("code").asText("");
                String message = error.path("message").asText("");
                messages.add(messages.isEmpty() || code.isEmpty() || code.equals(firstCode) ? message
                        : code + ": " + message);
            }
            return Optional.of(new Described(Optional.of(firstCode).filter(c -> !c.isEmpty()),
                    String.join("; ", messages)));
        }
        if (root.has("error")) { // OAuth2 token servers
            String description = root.path("error_description").asText("");
            return Optional.of(new Described(Optional.of(root.path("error").asText("").toUpperCase(Locale.ROOT))
                    .filter(c -> !c.isEmpty()), description.isEmpty() ? root.path("error").asText("") : description));
        }
        if (root.has("details")) { // some token servers
            return Optional.of(new Described(Optional.empty(), root.path("details").asText("")));
        }
        return Optional.empty();
    }

    private static String defaultCode(int status) {
        return switch (status) {
            case 401 -> "UNAUTHORIZED";
            case 403 -> "DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "TOOMANYREQUESTS";
            default -> "";
        };
    }

    private static String defaultMessage(int status, String reason) {
        return switch (status) {
            case 401 -> "authentication required";
            case 403 -> "requested access to the resource is denied";
            case 404 -> "not found";
            case 429 -> "too many requests";
            default -> "HTTP " + status + (reason == null || reason.isBlank() ? "" : " " + reason);
        };
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > MESSAGE_LIMIT ? line.substring(0, MESSAGE_LIMIT) + "…" : line;
    }
}
