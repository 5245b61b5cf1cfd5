package dev.lamina.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.LaminaException;
import dev.lamina.image.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * {@code GET /v2/NAME/tags/list}, following the {@code Link: <…>; rel="next"} pagination the registry
 * offers until the last page.
 */
final class ListTags {
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final int MAX_PAGES = 100_000;

    private final Registry registry;
    private final String repository;
    private final AuthScope scope;

    ListTags(Registry registry, String repository, AuthScope scope) {
        this.registry = registry;
        this.repository = repository;
        this.scope = scope;
    }

    List<String> list(Optional<Integer> pageSize, String reference) throws IOException {
        HttpUrl url = registry.url(repository, "tags", "list");
        if (pageSize.isPresent()) {
            url = url.newBuilder().addQueryParameter("n", String.valueOf(pageSize.get())).build();
        }
        List<String> tags = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            Response response = registry.execute(Registry.request(url, scope).get().build());
            if (!response.isSuccessful()) {
                throw RegistryErrors.of(response, reference);
            }
            Optional<HttpUrl> next = next(response);
            JsonNode body = Json.readTree(Bodies.read(response, Bodies.TAG_LIST_LIMIT, "tag list of " + reference),
                    "tag list of " + reference);
            body.path("tags").forEach(tag -> tags.add(tag.asText()));
            if (next.isEmpty()) {
                return tags;
            }
            url = next.get();
        }
        throw new LaminaException("tag list of " + reference + ": more than " + MAX_PAGES + " pages");
    }

    private static Optional<HttpUrl> next(Response response) {
        for (String link : response.headers("Link")) {
            Matcher m = NEXT.matcher(link);
            if (m.find()) {
                return Optional.ofNullable(response.request().url().resolve(m.group(1)));
            }
        }
        return Optional.empty();
    }
}
