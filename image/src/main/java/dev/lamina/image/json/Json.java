package dev.lamina.image.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.LaminaException;
import dev.lamina.image.MediaType;
import java.io.IOException;
import java.util.Optional;

/**
 * The one JSON codec. Wire documents are read from, and digested over, their exact bytes; the typed
 * records here are views of those bytes and are only serialised when lamina writes a new document.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    static {
        // Manifests and configs are small; a hostile one must not make us allocate without bound.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(200).maxStringLength(64 * 1024 * 1024).build());
    }

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Reads {@code bytes} as {@code type}; {@code what} names the document in the error. */
    public static <T> T read(byte[] bytes, Class<T> type, String what) {
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw new LaminaException("invalid " + what + ": the document is null");
            }
            return value;
        } catch (IOException e) {
            throw new LaminaException("invalid " + what + ": " + firstLine(e), e);
        }
    }

    public static ObjectNode readObject(byte[] bytes, String what) {
        JsonNode node = readTree(bytes, what);
        if (!node.isObject()) {
            throw new LaminaException("invalid " + what + ": expected a JSON object");
        }
        return (ObjectNode) node;
    }

    public static JsonNode readTree(byte[] bytes, String what) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode() || node.isNull()) {
                throw new LaminaException("invalid " + what + ": the document is empty or null");
            }
            return node;
        } catch (IOException e) {
            throw new LaminaException("invalid " + what + ": " + firstLine(e), e);
        }
    }

    /** Compact JSON, as registries and Docker write manifests. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Indented JSON for people and scripts: two spaces, {@code "key": value}, and {@code []} for empty lists. */
    public static byte[] writePretty(Object value) {
        try {
            return MAPPER.writer(new Pretty()).writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * A generator writing the same indented JSON as {@link #writePretty} straight to {@code out}, for output
     * too long to build as a tree first (an image diff can list hundreds of thousands of paths). Closing the
     * generator flushes it but leaves {@code out} open.
     */
    public static JsonGenerator prettyGenerator(java.io.OutputStream out) throws IOException {
        JsonGenerator generator = MAPPER.getFactory().createGenerator(out);
        generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        generator.setPrettyPrinter(new Pretty());
        return generator;
    }

    /**
     * The media type a manifest-like document declares, or the one its shape implies when it declares
     * none (OCI made {@code mediaType} optional): {@code manifests} means an index, {@code config} a
     * manifest, schema version 1 the legacy Docker format.
     */
    public static Optional<MediaType> sniffMediaType(byte[] bytes) {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode declared = node.get("mediaType");
        if (declared != null && declared.isTextual() && !declared.asText().isBlank()) {
            return Optional.of(MediaType.of(declared.asText()));
        }
        if (node.path("schemaVersion").asInt() == 1) {
            return Optional.of(MediaType.DOCKER_SCHEMA1);
        }
        if (node.has("manifests")) {
            return Optional.of(MediaType.OCI_INDEX);
        }
        if (node.has("config") && node.has("layers")) {
            return Optional.of(MediaType.OCI_MANIFEST);
        }
        return Optional.empty();
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
