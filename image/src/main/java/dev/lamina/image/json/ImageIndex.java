package dev.lamina.image.json;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.Descriptor;
import dev.lamina.image.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An OCI image index or Docker manifest list; also the shape of an OCI layout's {@code index.json}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"schemaVersion", "mediaType", "artifactType", "manifests", "subject", "annotations"})
public record ImageIndex(
        @JsonProperty("schemaVersion") int schemaVersion,
        @JsonProperty("mediaType") MediaType mediaTypeOrNull,
        @JsonProperty("artifactType") String artifactTypeOrNull,
        @JsonProperty("manifests") @JsonInclude(JsonInclude.Include.ALWAYS) List<Descriptor> manifests,
        @JsonProperty("subject") Descriptor subjectOrNull,
        @JsonProperty("annotations") Map<String, String> annotations,
        @JsonAnySetter @JsonIgnore Map<String, JsonNode> unknown) {

    public ImageIndex {
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        annotations = annotations == null ? Map.of() : annotations;
        unknown = unknown == null ? new LinkedHashMap<>() : unknown;
    }

    public static ImageIndex of(MediaType typeOrNull, List<Descriptor> manifests) {
        return new ImageIndex(2, typeOrNull, null, manifests, null, null, null);
    }

    public static ImageIndex parse(byte[] bytes, String what) {
        return Json.read(bytes, ImageIndex.class, what);
    }

    @JsonAnyGetter
    Map<String, JsonNode> unknownForJson() {
        return unknown;
    }

    public Optional<MediaType> mediaType() {
        return Optional.ofNullable(mediaTypeOrNull);
    }

    public ImageIndex withManifests(List<Descriptor> newManifests) {
        return new ImageIndex(schemaVersion, mediaTypeOrNull, artifactTypeOrNull, newManifests, subjectOrNull,
                annotations, unknown);
    }

    public byte[] toBytes() {
        return Json.write(this);
    }
}
