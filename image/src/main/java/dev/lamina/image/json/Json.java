package dev.lamina.image.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.lamina.image.LaminaException;
import dev.lamina.image.MediaType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The one JSON codec. Wire documents are read from, and digested over, their exact bytes; the typed records are
 * views of those bytes, read from a tree through {@link JsonFields}, and are only serialised when lamina writes a new
 * document, each by its own {@link JsonWritable#writeJson}.
 *
 * <p>Only Jackson's streaming core and its tree nodes are used, never databind's {@code ObjectMapper}: its setup
 * and the reflection over every bound type cost a short command about a fifth of a second of CPU before the first
 * document is read, more than the rest of a small {@code load} together.
 */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            // Manifests and configs are small; a hostile one must not make us allocate without bound.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200)
                    .maxStringLength(64 * 1024 * 1024).build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** A new, empty object node. */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A new, empty array node. */
    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** The factory of the tree nodes, for values ({@code textNode}, {@code numberNode}) built outside a parse. */
    public static JsonNodeFactory nodes() {
        return NODES;
    }

    /** Parses one JSON document; {@code what} names it in the error. Empty and {@code null} documents are refused. */
    public static JsonNode readTree(byte[] bytes, String what) {
        JsonNode node;
        try {
            node = parse(bytes);
        } catch (IOException e) {
            throw new LaminaException("invalid " + what + ": " + firstLine(e), e);
        }
        if (node == null || node.isNull()) {
            throw new LaminaException("invalid " + what + ": the document is empty or null");
        }
        return node;
    }

    /** Parses a document that must be a JSON object. */
    public static ObjectNode readObject(byte[] bytes, String what) {
        JsonNode node = readTree(bytes, what);
        if (!node.isObject()) {
            throw new LaminaException("invalid " + what + ": expected a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Parses a document that may be broken (an error body from a server, say); empty when it is not JSON. */
    public static Optional<JsonNode> tryReadTree(byte[] bytes) {
        try {
            return Optional.ofNullable(parse(bytes));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The tree of a typed value, as it would be written. */
    public static JsonNode toTree(JsonWritable value) {
        try (TokenBuffer buffer = new TokenBuffer((ObjectCodec) null, false)) {
            value.writeJson(buffer);
            try (JsonParser parser = buffer.asParser()) {
                return value(parser, parser.nextToken());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot convert " + value.getClass().getSimpleName(), e);
        }
    }

    /** Compact JSON, as registries and Docker write manifests. */
    public static byte[] write(JsonNode node) {
        return write(g -> writeTree(g, node), null);
    }

    /** Compact JSON of a typed value. */
    public static byte[] write(JsonWritable value) {
        return write(value, null);
    }

    /** Indented JSON for people and scripts: two spaces, {@code "key": value}, and {@code []} for empty lists. */
    public static byte[] writePretty(JsonNode node) {
        return write(g -> writeTree(g, node), new Pretty());
    }

    /** JSON of {@code node} laid out by {@code printer} (a fresh one per call: printers keep state). */
    public static byte[] write(JsonNode node, PrettyPrinter printer) {
        return write(g -> writeTree(g, node), printer);
    }

    private static byte[] write(JsonWritable value, PrettyPrinter printer) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder()) {
            try (JsonGenerator generator = FACTORY.createGenerator(bytes, JsonEncoding.UTF8)) {
                if (printer != null) {
                    generator.setPrettyPrinter(printer);
                }
                value.writeJson(generator);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * A generator writing the same indented JSON as {@link #writePretty} straight to {@code out}, for output too long
     * to build as a tree first (an image diff can list hundreds of thousands of paths). Closing the generator flushes
     * it but leaves {@code out} open.
     */
    public static JsonGenerator prettyGenerator(OutputStream out) throws IOException {
        JsonGenerator generator = FACTORY.createGenerator(out);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        generator.setPrettyPrinter(new Pretty());
        return generator;
    }

    /** Writes {@code node} with {@code generator}: every member in its order, every number as it was read. */
    public static void writeTree(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                generator.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> member = it.next();
                    generator.writeFieldName(member.getKey());
                    writeTree(generator, member.getValue());
                }
                generator.writeEndObject();
            }
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode element : node) {
                    writeTree(generator, element);
                }
                generator.writeEndArray();
            }
            case STRING -> generator.writeString(node.textValue());
            case BOOLEAN -> generator.writeBoolean(node.booleanValue());
            case NULL, MISSING -> generator.writeNull();
            case NUMBER -> writeNumber(generator, node);
            case BINARY, POJO -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static void writeNumber(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.numberType()) {
            case INT -> generator.writeNumber(node.intValue());
            case LONG -> generator.writeNumber(node.longValue());
            case BIG_INTEGER -> generator.writeNumber(node.bigIntegerValue());
            case FLOAT -> generator.writeNumber(node.floatValue());
            case DOUBLE -> generator.writeNumber(node.doubleValue());
            case BIG_DECIMAL -> generator.writeNumber(node.decimalValue());
        }
    }

    /**
     * The media type a manifest-like document declares, or the one its shape implies when it declares none (OCI
     * made {@code mediaType} optional): {@code manifests} means an index, {@code config} and {@code layers} a
     * manifest, schema version 1 the legacy Docker format. Only the top level is looked at; nothing is built.
     */
    public static Optional<MediaType> sniffMediaType(byte[] bytes) {
        String declared = null;
        boolean schema1 = false;
        boolean manifests = false;
        boolean config = false;
        boolean layers = false;
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "mediaType" -> declared = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "schemaVersion" -> schema1 = value == JsonToken.VALUE_NUMBER_INT && parser.getIntValue() == 1;
                    case "manifests" -> manifests = true;
                    case "config" -> config = true;
                    case "layers" -> layers = true;
                    default -> { }
                }
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                return Optional.empty(); // trailing content: not one document
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (declared != null && !declared.isBlank()) {
            return Optional.of(MediaType.of(declared));
        }
        if (schema1) {
            return Optional.of(MediaType.DOCKER_SCHEMA1);
        }
        if (manifests) {
            return Optional.of(MediaType.OCI_INDEX);
        }
        if (config && layers) {
            return Optional.of(MediaType.OCI_MANIFEST);
        }
        return Optional.empty();
    }

    /** The document's one value (null for an empty document); content after it is an error. */
    private static JsonNode parse(byte[] bytes) throws IOException {
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            JsonNode node = value(parser, first);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new JsonParseException(parser,
                        "trailing token (" + trailing + ") after the document's value");
            }
            return node;
        }
    }

    /** The value starting at {@code token}; nesting is bounded by the factory's constraints. */
    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    object.set(name, value(parser, parser.nextToken())); // a repeated name: the last one counts
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(value(parser, t));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(parser, "unexpected token " + token);
        };
    }

    /** Jackson's pretty printer, minus its {@code " : "} and {@code "[ ]"}. */
    private static final class Pretty extends DefaultPrettyPrinter {
        Pretty() {
            super(DefaultPrettyPrinter.DEFAULT_SEPARATORS.withObjectFieldValueSpacing(Separators.Spacing.AFTER));
            indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
            indentObjectsWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        }

        private Pretty(Pretty base) {
            super(base);
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new Pretty(this);
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            if (nrOfValues == 0) {
                if (!_arrayIndenter.isInline()) {
                    --_nesting;
                }
                g.writeRaw(']');
            } else {
                super.writeEndArray(g, nrOfValues);
            }
        }

        @Override
        public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
            if (nrOfEntries == 0) {
                if (!_objectIndenter.isInline()) {
                    --_nesting;
                }
                g.writeRaw('}');
            } else {
                super.writeEndObject(g, nrOfEntries);
            }
        }
    }

    private static String firstLine(IOException e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
