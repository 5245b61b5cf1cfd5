package dev.lamina.image.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.Descriptor;
import dev.lamina.image.LaminaException;
import dev.lamina.image.MediaType;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An image manifest: OCI image manifest or Docker v2 schema 2 (the same shape). */
public record Manifest(
        int schemaVersion,
        MediaType mediaTypeOrNull,
        String artifactTypeOrNull,
        Descriptor config,
        List<Descriptor> layers,
        Descriptor subjectOrNull,
        Map<String, String> annotations,
        Map<String, JsonNode> unknown) implements JsonWritable {

    private static final Set<String> MEMBERS = Set.of("schemaVersion", "mediaType", "artifactType", "config", "layers",
            "subject", "annotations");

    public Manifest {
        layers = layers == null ? List.of() : List.copyOf(layers);
        annotations = annotations == null ? Map.of() : annotations;
        unknown = unknown == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(unknown));
    }

    /** A new manifest of the given type (OCI or Docker) for a config and layers. */
    public static Manifest of(MediaType type, Descriptor config, List<Descriptor> layers) {
        return new Manifest(2, type, null, config, layers, null, null, null);
    }

    /** Parses a manifest, refusing schema 1 and documents without a config with a clear message. */
    public static Manifest parse(byte[] bytes, String what) {
        Optional<MediaType> type = Json.sniffMediaType(bytes);
        if (type.isPresent() && type.get().isSchema1()) {
            throw new LaminaException(what + ": Docker image manifest schema 1 is unsupported"
                    + " (deprecated by Docker; re-push the image with a current client)");
        }
        JsonFields json = JsonFields.parse(bytes, what);
        Descriptor config = json.object("config").map(Descriptor::fromJson)
                .orElseThrow(() -> new LaminaException("invalid " + what + ": no config descriptor"));
        int schemaVersion = json.int32("schemaVersion");
        if (schemaVersion != 2) {
            throw new LaminaException("invalid " + what + ": schemaVersion " + schemaVersion + ", expected 2");
        }
        return new Manifest(schemaVersion, json.parsed("mediaType", MediaType::of).orElse(null),
                json.optionalText("artifactType").orElse(null), config, json.objects("layers", Descriptor::fromJson),
                json.object("subject").map(Descriptor::fromJson).orElse(null), json.textMap("annotations"),
                json.others(MEMBERS));
    }

    /** The members in the image spec's order; {@code layers} always, as the spec's schema requires it. */
    @Override
    public void writeJson(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeNumberField("schemaVersion", schemaVersion);
        JsonMembers.text(out, "mediaType", mediaTypeOrNull == null ? null : mediaTypeOrNull.value());
        JsonMembers.text(out, "artifactType", artifactTypeOrNull);
        JsonMembers.object(out, "config", config);
        JsonMembers.array(out, "layers", layers);
        JsonMembers.object(out, "subject", subjectOrNull);
        JsonMembers.textMap(out, "annotations", annotations);
        JsonMembers.others(out, unknown);
        out.writeEndObject();
    }

    public Optional<MediaType> mediaType() {
        return Optional.ofNullable(mediaTypeOrNull);
    }

    public Optional<Descriptor> subject() {
        return Optional.ofNullable(subjectOrNull);
    }

    public Manifest withLayers(List<Descriptor> newLayers) {
        return new Manifest(schemaVersion, mediaTypeOrNull, artifactTypeOrNull, config, newLayers, subjectOrNull,
                annotations, unknown);
    }

    public Manifest withConfig(Descriptor newConfig) {
        return new Manifest(schemaVersion, mediaTypeOrNull, artifactTypeOrNull, newConfig, layers, subjectOrNull,
                annotations, unknown);
    }

    public Manifest withMediaType(MediaType type) {
        return new Manifest(schemaVersion, type, artifactTypeOrNull, config, layers, subjectOrNull,
                annotations, unknown);
    }

    public byte[] toBytes() {
        return Json.write(this);
    }

    /** The total of config and layer sizes, as {@code docker images} counts an image's size. */
    public long contentSize() {
        return config.size() + layers.stream().mapToLong(Descriptor::size).sum();
    }
}
