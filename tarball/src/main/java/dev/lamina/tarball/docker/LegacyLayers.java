package dev.lamina.tarball.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The legacy (v1) layer directories {@code docker save} writes beside the real image: one {@code <id>/} per
 * layer with {@code VERSION}, {@code json} and {@code layer.tar}, where the IDs chain through the parents.
 * Computed as moby's {@code v1.CreateID} does: the sha256 of the v1 image JSON with {@code layer_id} (the
 * chain ID) and {@code parent} added, keys sorted, serialised as Go serialises it. This reproduces Docker's
 * IDs: the layers below the top carry a fixed document; the top one the config's v1 fields re-marshalled as
 * moby's structs ({@link GoJson}).
 */
final class LegacyLayers {
    /** A zero {@code container.Config} as Go marshals it: what moby puts in every layer below the top. */
    private static final String EMPTY_CONTAINER_CONFIG = GoJson.write(GoJson.containerConfig(null));
    private static final String ZERO_TIME = "1970-01-01T00:00:00Z";
    /** The v1 fields of an image config, in the order moby's V1Image struct declares them. */
    private static final List<String> V1_FIELDS = List.of("comment", "created", "container", "container_config",
            "docker_version", "author", "config", "architecture", "variant", "os");

    private LegacyLayers() {
    }

    /** One legacy layer directory. */
    record Layer(String id, Digest diffId, byte[] json) {
    }

    /** The chain IDs: the first diffID, then sha256("<parent chain> <diffID>") for each next layer. */
    static List<Digest> chainIds(List<Digest> diffIds) {
        List<Digest> chain = new ArrayList<>();
        for (Digest diffId : diffIds) {
            chain.add(chain.isEmpty() ? diffId
                    : Digest.sha256((chain.get(chain.size() - 1) + " " + diffId).getBytes(StandardCharsets.UTF_8)));
        }
        return chain;
    }

    /** The legacy layers of an image, bottom first. */
    static List<Layer> of(ObjectNode config, List<Digest> diffIds) {
        List<Digest> chain = chainIds(diffIds);
        String os = config.path("os").asText("");
        List<Layer> layers = new ArrayList<>();
        String parent = null;
        for (int i = 0; i < diffIds.size(); i++) {
            boolean top = i == diffIds.size() - 1;
            Map<String, String> v1 = top ? topFields(config) : lowerFields();
            String id = createId(v1, chain.get(i), parent);
            layers.add(new Layer(id, diffIds.get(i), json(id, parent, top ? v1 : lowerFields(os))));
            parent = id;
        }
        return layers;
    }

    /** moby's CreateID: sorted keys, the raw values, {@code layer_id} and {@code parent} added. */
    private static String createId(Map<String, String> v1, Digest chainId, String parent) {
        Map<String, String> sorted = new TreeMap<>(v1);
        sorted.put("layer_id", quote(chainId.toString()));
        if (parent != null) {
            sorted.put("parent", quote("sha256:" + parent));
        }
        return Digest.sha256(object(sorted).getBytes(StandardCharsets.UTF_8)).hex();
    }

    private static byte[] json(String id, String parent, Map<String, String> fields) {
        Map<String, String> ordered = new java.util.LinkedHashMap<>();
        ordered.put("id", quote(id));
        if (parent != null) {
            ordered.put("parent", quote(parent));
        }
        ordered.putAll(fields);
        return object(ordered).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> lowerFields() {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("created", quote(ZERO_TIME));
        fields.put("container_config", EMPTY_CONTAINER_CONFIG);
        return fields;
    }

    private static Map<String, String> lowerFields(String os) {
        Map<String, String> fields = lowerFields();
        if (!os.isEmpty()) {
            fields.put("os", quote(os));
        }
        return fields;
    }

    /**
     * The config's v1 fields as moby's V1Image re-marshals them (Go's field order, container configs with all
     * their fields, times normalised), so that the top layer's ID is Docker's too.
     */
    private static Map<String, String> topFields(ObjectNode config) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String name : V1_FIELDS) {
            JsonNode value = config.get(name);
            switch (name) {
                case "container_config" -> fields.put(name, GoJson.write(GoJson.containerConfig(value)));
                case "config" -> {
                    if (value != null && !value.isNull()) {
                        fields.put(name, GoJson.write(GoJson.containerConfig(value)));
                    }
                }
                case "created" -> fields.put(name, quote(GoJson.time(value == null ? "" : value.asText(""))));
                default -> {
                    if (value != null && !value.isNull() && !(value.isTextual() && value.asText().isEmpty())) {
                        fields.put(name, GoJson.write(value));
                    }
                }
            }
        }
        return fields;
    }

    private static String object(Map<String, String> rawValues) {
        StringBuilder b = new StringBuilder("{");
        rawValues.forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(quote(k)).append(':').append(v);
        });
        return b.append('}').toString();
    }

    private static String quote(String s) {
        return GoJson.write(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.textNode(s));
    }
}
