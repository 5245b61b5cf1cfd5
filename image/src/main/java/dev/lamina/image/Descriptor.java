package dev.lamina.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OCI content descriptor: what a blob is, its digest and size, and where it applies. Fields lamina
 * does not know are kept in {@link #unknown()} and written back, so an index rewritten by lamina keeps
 * what another tool put there.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"mediaType", "digest", "size", "urls", "annotations", "platform", "artifactType"})
public record Descriptor(
        @JsonProperty("mediaType") MediaType mediaType,
        @JsonProperty("digest") Digest digest,
        @JsonProperty("size") long size,
        @JsonProperty("urls") List<String> urls,
        @JsonProperty("annotations") Map<String, String> annotations,
        @JsonProperty("platform") Platform platformOrNull,
        @JsonProperty("artifactType") String artifactTypeOrNull,
        @JsonAnySetter @JsonIgnore Map<String, JsonNode> unknown) {

    /** The annotation under which OCI layouts (and lamina's store) name an image. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    public Descriptor {
        if (mediaType == null || digest == null) {
            throw new LaminaException("invalid descriptor: mediaType and digest are required");
        }
        if (size < 0) {
            throw new LaminaException("invalid descriptor for " + digest + ": negative size " + size);
        }
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        unknown = unknown == null ? new LinkedHashMap<>() : unknown;
    }

    public Descriptor(MediaType mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, null, null, null, null);
    }

    @JsonAnyGetter
    Map<String, JsonNode> unknownForJson() {
        return unknown;
    }

    public Optional<Platform> platform() {
        return Optional.ofNullable(platformOrNull);
    }

    public Optional<String> artifactType() {
        return Optional.ofNullable(artifactTypeOrNull);
    }

    /** The name an OCI layout gives this entry, if any. */
    @JsonIgnore
    public Optional<String> refName() {
        return Optional.ofNullable(annotations.get(REF_NAME));
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, urls, newAnnotations, platformOrNull, artifactTypeOrNull,
                unknown);
    }

    public Descriptor withAnnotation(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(annotations);
        copy.put(key, value);
        return withAnnotations(copy);
    }

    public Descriptor withoutAnnotation(String key) {
        Map<String, String> copy = new LinkedHashMap<>(annotations);
        copy.remove(key);
        return withAnnotations(copy);
    }

    public Descriptor withPlatform(Platform platform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, platform, artifactTypeOrNull, unknown);
    }

    public Descriptor withMediaType(MediaType type) {
        return new Descriptor(type, digest, size, urls, annotations, platformOrNull, artifactTypeOrNull, unknown);
    }

    /** The same content identity (type, digest, size), without names or other annotations. */
    public Descriptor bare() {
        return new Descriptor(mediaType, digest, size, urls, null, platformOrNull, artifactTypeOrNull, unknown);
    }
}
