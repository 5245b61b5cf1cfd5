package dev.lamina.image.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.Platform;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An image config (OCI image config / Docker container image JSON), kept as its JSON tree so that every
 * field, known or not, survives an edit. Typed getters read the tree; {@link #edit} makes a changed copy.
 */
public final class ImageConfig {
    private final ObjectNode tree;

    private ImageConfig(ObjectNode tree) {
        this.tree = tree;
    }

    public static ImageConfig parse(byte[] bytes, String what) {
        ObjectNode tree = Json.readObject(bytes, what);
        JsonNode rootfs = tree.get("rootfs");
        if (rootfs != null && !rootfs.isNull() && !rootfs.isObject()) {
            throw new LaminaException("invalid " + what + ": rootfs is not an object");
        }
        ImageConfig config = new ImageConfig(tree);
        config.diffIds(); // validates every diff ID up front, naming the document
        return config;
    }

    /** An empty config for {@code FROM scratch}, for the given platform. */
    public static ImageConfig empty(Platform platform) {
        ObjectNode tree = Json.object();
        tree.put("architecture", platform.architecture());
        tree.put("os", platform.os());
        if (!platform.variant().isEmpty()) {
            tree.put("variant", platform.variant());
        }
        tree.putObject("config");
        ObjectNode rootfs = tree.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids");
        return new ImageConfig(tree);
    }

    /** A deep copy of the tree, for callers that need raw access to a field lamina has no getter for. */
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    /** A copy with {@code change} applied to a copy of the tree. */
    public ImageConfig edit(Consumer<ObjectNode> change) {
        ObjectNode copy = tree.deepCopy();
        change.accept(copy);
        return new ImageConfig(copy);
    }

    public byte[] toBytes() {
        return Json.write(tree);
    }

    public Platform platform() {
        return Platform.of(text("os"), text("architecture"), text("variant"));
    }

    public Optional<Instant> created() {
        return parseTime(text("created"));
    }

    public String author() {
        return text("author");
    }

    public ContainerConfig config() {
        JsonNode node = tree.get("config");
        return ContainerConfig.fromJson(JsonFields.of(node == null || !node.isObject() ? Json.object() : node,
                "image config: config"));
    }

    public List<Digest> diffIds() {
        List<Digest> ids = new ArrayList<>();
        for (JsonNode id : tree.path("rootfs").path("diff_ids")) {
            try {
                ids.add(Digest.parse(id.asText()));
            } catch (Digest.InvalidDigestException e) {
                throw new LaminaException("invalid image config: rootfs.diff_ids: " + e.getMessage());
            }
        }
        return List.copyOf(ids);
    }

    public List<History> history() {
        JsonNode node = tree.get("history");
        if (node == null || !node.isArray()) {
            return List.of();
        }
        return List.copyOf(JsonFields.of(tree, "image config").objects("history", History::fromJson));
    }

    /** A copy with one more layer (its diff ID) and one more history entry. */
    public ImageConfig withLayer(Optional<Digest> diffId, History history) {
        return edit(t -> {
            if (diffId.isPresent()) {
                ObjectNode rootfs = t.has("rootfs") && t.get("rootfs").isObject()
                        ? (ObjectNode) t.get("rootfs") : t.putObject("rootfs");
                rootfs.put("type", "layers");
                ArrayNode ids = rootfs.has("diff_ids") && rootfs.get("diff_ids").isArray()
                        ? (ArrayNode) rootfs.get("diff_ids") : rootfs.putArray("diff_ids");
                ids.add(diffId.get().toString());
            }
            ArrayNode entries = t.has("history") && t.get("history").isArray()
                    ? (ArrayNode) t.get("history") : t.putArray("history");
            entries.add(Json.toTree(history));
        });
    }

    private String text(String field) {
        JsonNode node = tree.get(field);
        return node == null || node.isNull() ? "" : node.asText();
    }

    /** RFC 3339 with any offset, as Go writes times; absent or unparsable times are empty. */
    static Optional<Instant> parseTime(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return History.parse(text);
        }
    }
}
