package dev.lamina.tarball.docker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.json.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON as Go's encoding/json writes moby's structs, for the documents whose digest Docker computes over its
 * own serialisation (the legacy layer IDs of {@code docker save}): compact, {@code <}, {@code >} and {@code &}
 * escaped as Go escapes them, maps with sorted keys, and {@code container.Config} with every field Go
 * writes, in Go's order, zero values included unless the field is {@code omitempty}.
 */
final class GoJson {
    private static final JsonFactory FACTORY = new JsonFactoryBuilder().characterEscapes(new GoEscapes()).build();

    /** A field of a Go struct: its JSON name, whether {@code omitempty}, and its zero value. */
    private record Field(String name, boolean omitEmpty, JsonNode zero, boolean sortedMap) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** moby's {@code container.Config}, field by field. */
    private static final List<Field> CONTAINER_CONFIG = List.of(
            new Field("Hostname", false, NODES.textNode(""), false),
            new Field("Domainname", false, NODES.textNode(""), false),
            new Field("User", false, NODES.textNode(""), false),
            new Field("AttachStdin", false, NODES.booleanNode(false), false),
            new Field("AttachStdout", false, NODES.booleanNode(false), false),
            new Field("AttachStderr", false, NODES.booleanNode(false), false),
            new Field("ExposedPorts", true, NODES.nullNode(), true),
            new Field("Tty", false, NODES.booleanNode(false), false),
            new Field("OpenStdin", false, NODES.booleanNode(false), false),
            new Field("StdinOnce", false, NODES.booleanNode(false), false),
            new Field("Env", false, NODES.nullNode(), false),
            new Field("Cmd", false, NODES.nullNode(), false),
            new Field("Healthcheck", true, NODES.nullNode(), false),
            new Field("ArgsEscaped", true, NODES.booleanNode(false), false),
            new Field("Image", false, NODES.textNode(""), false),
            new Field("Volumes", false, NODES.nullNode(), true),
            new Field("WorkingDir", false, NODES.textNode(""), false),
            new Field("Entrypoint", false, NODES.nullNode(), false),
            new Field("NetworkDisabled", true, NODES.booleanNode(false), false),
            new Field("MacAddress", true, NODES.textNode(""), false),
            new Field("OnBuild", false, NODES.nullNode(), false),
            new Field("Labels", false, NODES.nullNode(), true),
            new Field("StopSignal", true, NODES.textNode(""), false),
            new Field("StopTimeout", true, NODES.nullNode(), false),
            new Field("Shell", true, NODES.nullNode(), false));

    private GoJson() {
    }

    static String write(JsonNode node) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(text)) {
            Json.writeTree(generator, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** A {@code container.Config} as Go re-marshals it after reading {@code value} (absent or null: all zero). */
    static ObjectNode containerConfig(JsonNode value) {
        ObjectNode out = NODES.objectNode();
        for (Field field : CONTAINER_CONFIG) {
            JsonNode v = value == null ? null : value.get(field.name());
            if (v == null) {
                v = field.zero();
            }
            if (field.omitEmpty() && isEmpty(v)) {
                continue;
            }
            out.set(field.name(), field.sortedMap() && v.isObject() ? sorted((ObjectNode) v) : v);
        }
        return out;
    }

    /** A time as Go marshals {@code time.Time}: RFC 3339 with nanoseconds, trailing zeros dropped, Z for UTC. */
    static String time(String text) {
        if (text == null || text.isEmpty()) {
            return "0001-01-01T00:00:00Z";
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(text);
            String base = t.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"));
            String fraction = "";
            if (t.getNano() != 0) {
                fraction = String.format(".%09d", t.getNano()).replaceAll("0+$", "");
            }
            String offset = t.getOffset().equals(ZoneOffset.UTC) ? "Z" : t.getOffset().getId();
            return base + fraction + offset;
        } catch (DateTimeException e) {
            return text;
        }
    }

    private static boolean isEmpty(JsonNode v) {
        return v.isNull() || (v.isTextual() && v.asText().isEmpty()) || (v.isBoolean() && !v.asBoolean())
                || (v.isNumber() && v.asLong() == 0) || ((v.isArray() || v.isObject()) && v.isEmpty());
    }

    private static ObjectNode sorted(ObjectNode map) {
        Map<String, JsonNode> entries = new TreeMap<>();
        map.fields().forEachRemaining(e -> entries.put(e.getKey(), e.getValue()));
        ObjectNode out = NODES.objectNode();
        entries.forEach(out::set);
        return out;
    }

    /** Go's HTML-safe escaping. */
    private static final class GoEscapes extends CharacterEscapes {
        private final int[] escapes;

        GoEscapes() {
            escapes = CharacterEscapes.standardAsciiEscapesForJSON();
            escapes['<'] = CharacterEscapes.ESCAPE_CUSTOM;
            escapes['>'] = CharacterEscapes.ESCAPE_CUSTOM;
            escapes['&'] = CharacterEscapes.ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0x2028 || ch == 0x2029 || ch == '<' || ch == '>' || ch == '&') {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }

}
