package dev.lamina.image.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes the optional members of an object as Go's {@code omitempty} does: nothing for an empty string, list or
 * map, or an absent object. The typed documents write their required members themselves, then these.
 */
public final class JsonMembers {
    private JsonMembers() {
    }

    public static void text(JsonGenerator out, String name, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            out.writeStringField(name, value);
        }
    }

    public static void texts(JsonGenerator out, String name, List<String> values) throws IOException {
        if (!values.isEmpty()) {
            out.writeArrayFieldStart(name);
            for (String value : values) {
                out.writeString(value);
            }
            out.writeEndArray();
        }
    }

    public static void textMap(JsonGenerator out, String name, Map<String, String> values) throws IOException {
        if (!values.isEmpty()) {
            out.writeObjectFieldStart(name);
            for (Map.Entry<String, String> entry : values.entrySet()) {
                out.writeStringField(entry.getKey(), entry.getValue());
            }
            out.writeEndObject();
        }
    }

    public static void object(JsonGenerator out, String name, JsonWritable value) throws IOException {
        if (value != null) {
            out.writeFieldName(name);
            value.writeJson(out);
        }
    }

    /** The array {@code name}, written even when empty (for members a schema requires). */
    public static void array(JsonGenerator out, String name, List<? extends JsonWritable> values) throws IOException {
        out.writeArrayFieldStart(name);
        for (JsonWritable value : values) {
            value.writeJson(out);
        }
        out.writeEndArray();
    }

    /** The members lamina has no field for, as they were read. */
    public static void others(JsonGenerator out, Map<String, JsonNode> others) throws IOException {
        for (Map.Entry<String, JsonNode> entry : others.entrySet()) {
            out.writeFieldName(entry.getKey());
            Json.writeTree(out, entry.getValue());
        }
    }
}
