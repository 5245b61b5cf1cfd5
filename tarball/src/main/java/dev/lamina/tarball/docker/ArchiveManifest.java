package dev.lamina.tarball.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.LaminaException;
import dev.lamina.image.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code manifest.json} of a docker-archive: one entry per image, with the path of its config, its tags
 * ({@code RepoTags}, familiar references) and the paths of its layers, bottom first. Other fields
 * ({@code Parent}, {@code LayerSources}) are read by nobody and written by lamina only as Docker does.
 */
record ArchiveManifest(List<Entry> entries) {
    record Entry(String config, List<String> repoTags, List<String> layers) {
    }

    static ArchiveManifest parse(byte[] bytes, String what) {
        JsonNode root = Json.readTree(bytes, what); // refuses an empty or null document
        if (!root.isArray()) {
            throw new LaminaException("invalid " + what + ": expected a JSON array of images");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode item : root) {
            String config = item.path("Config").asText("");
            if (!item.isObject() || config.isEmpty()) {
                throw new LaminaException("invalid " + what + ": an image without a Config");
            }
            entries.add(new Entry(config, strings(item.get("RepoTags")), strings(item.get("Layers"))));
        }
        if (entries.isEmpty()) {
            throw new LaminaException(what + " lists no images");
        }
        return new ArchiveManifest(entries);
    }

    /** As Docker writes it: compact, one trailing newline, {@code RepoTags} null when an image has no tag. */
    byte[] toBytes() {
        ArrayNode array = Json.array();
        for (Entry e : entries) {
            ObjectNode item = array.addObject();
            item.put("Config", e.config());
            if (e.repoTags().isEmpty()) {
                item.putNull("RepoTags");
            } else {
                e.repoTags().forEach(item.putArray("RepoTags")::add);
            }
            ArrayNode layers = item.putArray("Layers");
            e.layers().forEach(layers::add);
        }
        return (new String(Json.write(array), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(JsonNode node) {
        List<String> list = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> list.add(n.asText()));
        }
        return list;
    }
}
