package dev.lamina.image.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.LaminaException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The members of one JSON object, read as typed values by the rules of Go's {@code encoding/json}, which is what
 * registries, Docker, skopeo and umoci read and write these documents with: a member that is absent or {@code null}
 * is its type's zero value; a member of another type is an error (no string for a number, no fraction for an
 * integer); members no reader asks for are left for {@link #others}. Every error names the document and the
 * member's path in it, such as {@code invalid manifest sha256:… in app.tar: layers[2].size: expected an integer}.
 */
public final class JsonFields {
    private final ObjectNode node;
    private final String what;
    private final String path;

    private JsonFields(ObjectNode node, String what, String path) {
        this.node = node;
        this.what = what;
        this.path = path;
    }

    /** The top level of the document {@code what}, which must be an object. */
    public static JsonFields of(JsonNode node, String what) {
        if (!node.isObject()) {
            throw new LaminaException("invalid " + what + ": expected a JSON object");
        }
        return new JsonFields((ObjectNode) node, what, "");
    }

    /** Parses the document {@code what}, which must be an object. */
    public static JsonFields parse(byte[] bytes, String what) {
        return new JsonFields(Json.readObject(bytes, what), what, "");
    }

    /** The object itself. */
    public ObjectNode node() {
        return node;
    }

    /** Whether {@code name} is present with a value other than {@code null}. */
    public boolean has(String name) {
        return member(name) != null;
    }

    /** A string member; empty when absent. */
    public String text(String name) {
        return optionalText(name).orElse("");
    }

    /** A string member; {@link Optional#empty()} when absent (an empty string is present). */
    public Optional<String> optionalText(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid(name, "expected a string");
        }
        return Optional.of(value.textValue());
    }

    /** An integer member that fits in 64 bits; 0 when absent. */
    public long integer(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(name, "expected an integer");
        }
        return value.longValue();
    }

    /** An integer member that fits in 32 bits; 0 when absent. */
    public int int32(String name) {
        long value = integer(name);
        if (value != (int) value) {
            throw invalid(name, "expected a 32-bit integer");
        }
        return (int) value;
    }

    /** A boolean member; false when absent. */
    public boolean bool(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid(name, "expected true or false");
        }
        return value.booleanValue();
    }

    /** A string member turned into a value by {@code parse}, whose failure is reported against the member. */
    public <T> Optional<T> parsed(String name, Function<String, T> parse) {
        Optional<String> text = optionalText(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(text.get()));
        } catch (RuntimeException e) {
            throw invalid(name, e.getMessage());
        }
    }

    /** An array of strings; empty when absent. */
    public List<String> texts(String name) {
        return optionalTexts(name).orElse(List.of());
    }

    /** An array of strings; {@link Optional#empty()} when absent, as Go tells a nil slice from an empty one. */
    public Optional<List<String>> optionalTexts(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw invalid(name, "expected an array of strings");
        }
        List<String> texts = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isTextual()) {
                throw invalid(name + "[" + i + "]", "expected a string");
            }
            texts.add(element.textValue());
        }
        return Optional.of(Collections.unmodifiableList(texts));
    }

    /** An object of strings, in document order; empty when absent. A {@code null} value is the empty string. */
    public Map<String, String> textMap(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw invalid(name, "expected an object of strings");
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode text = entry.getValue();
            if (!text.isTextual() && !text.isNull()) {
                throw invalid(name + "." + entry.getKey(), "expected a string");
            }
            texts.put(entry.getKey(), text.isNull() ? "" : text.textValue());
        }
        return Collections.unmodifiableMap(texts);
    }

    /** An object member; {@link Optional#empty()} when absent. */
    public Optional<JsonFields> object(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw invalid(name, "expected an object");
        }
        return Optional.of(new JsonFields((ObjectNode) value, what, child(name)));
    }

    /** An array of objects, each read by {@code read}; empty when absent. */
    public <T> List<T> objects(String name, Function<JsonFields, T> read) {
        JsonNode value = member(name);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw invalid(name, "expected an array of objects");
        }
        List<T> values = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            String elementPath = child(name) + "[" + i + "]";
            if (!element.isObject()) {
                throw new LaminaException("invalid " + what + ": " + elementPath + ": expected an object");
            }
            values.add(read.apply(new JsonFields((ObjectNode) element, what, elementPath)));
        }
        return values;
    }

    /** The members not in {@code known}, in document order: what a document carries that lamina has no field for. */
    public Map<String, JsonNode> others(Set<String> known) {
        Map<String, JsonNode> others = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!known.contains(entry.getKey())) {
                others.put(entry.getKey(), entry.getValue());
            }
        }
        return others;
    }

    /** An error about the member {@code name} of this object (or about the object itself, when null). */
    public LaminaException invalid(String name, String problem) {
        String where = name == null ? path : child(name);
        return new LaminaException("invalid " + what + ": " + (where.isEmpty() ? "" : where + ": ") + problem);
    }

    private JsonNode member(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private String child(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
