package dev.lamina.image.json;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.Descriptor;
import dev.lamina.image.LaminaException;
import dev.lamina.image.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An image manifest: OCI image manifest or Docker v2 schema 2 (the same shape). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"schemaVersion", "mediaType", "artifactType", "config", "layers", "subject", "annotations"})
public record Manifest(
        @JsonProperty("schemaVersion") int schemaVersion,
        @JsonProperty("mediaType") MediaType mediaTypeOrNull,
        @JsonProperty("artifactType") String artifactTypeOrNull,
        @JsonProperty("config") Descriptor config,
        @JsonProperty("layers") List<Descriptor> layers,
        @JsonProperty("subject") Descriptor subjectOrNull,
        @JsonProperty("annotations") Map<String, String> annotations,
        @JsonAnySetter @JsonIgnore Map<String, JsonNode> unknown) {

    public Manifest {
        layers = layers == null ? List.of() : List.copyOf(layers);
        annotations = annotations == null ? Map.of() : annotations;
        unknown = unknown == null ? new LinkedHashMap<>() : unknown;
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
        Manifest manifest = Json.read(bytes, Manifest.class, what);
        if (manifest.config == null) {
            throw new LaminaException("invalid " + what + ": no config descriptor");
        }
        if (manifest.schemaVersion != 2) {
            throw new LaminaException("invalid " + what + ": schemaVersion " + manifest.schemaVersion
                    + ", expected 2");
        }
        return manifest;
    }

    @JsonAnyGetter
    Map<String, JsonNode> unknownForJson() {
        return unknown;
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
