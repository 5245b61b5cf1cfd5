package dev.lamina.image;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.json.JsonFields;
import dev.lamina.image.json.JsonMembers;
import dev.lamina.image.json.JsonWritable;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An OCI content descriptor: what a blob is, its digest and size, and where it applies. Fields lamina
 * does not know are kept in {@link #unknown()} and written back, so an index rewritten by lamina keeps
 * what another tool put there.
 */
public record Descriptor(
        MediaType mediaType,
        Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        Platform platformOrNull,
        String artifactTypeOrNull,
        Map<String, JsonNode> unknown) implements JsonWritable {

    /** The annotation under which OCI layouts (and lamina's store) name an image. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    private static final Set<String> MEMBERS = Set.of("mediaType", "digest", "size", "urls", "annotations", "platform",
            "artifactType");

    public Descriptor {
        if (mediaType == null || digest == null) {
            throw new LaminaException("invalid descriptor: mediaType and digest are required");
        }
        if (size < 0) {
            throw new LaminaException("invalid descriptor for " + digest + ": negative size " + size);
        }
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        unknown = unknown == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(unknown));
    }

    public Descriptor(MediaType mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, null, null, null, null);
    }

    /** Reads a descriptor; {@code mediaType} and {@code digest} are required. */
    public static Descriptor fromJson(JsonFields json) {
        try {
            return new Descriptor(json.parsed("mediaType", MediaType::of).orElse(null),
                    json.parsed("digest", Digest::parse).orElse(null), json.integer("size"), json.texts("urls"),
                    json.textMap("annotations"), json.object("platform").map(Platform::fromJson).orElse(null),
                    json.optionalText("artifactType").orElse(null), json.others(MEMBERS));
        } catch (LaminaException e) {
            if (e.getMessage().startsWith("invalid descriptor")) {
                throw json.invalid(null, e.getMessage());
            }
            throw e;
        }
    }

    @Override
    public void writeJson(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("mediaType", mediaType.value());
        out.writeStringField("digest", digest.toString());
        out.writeNumberField("size", size);
        JsonMembers.texts(out, "urls", urls);
        JsonMembers.textMap(out, "annotations", annotations);
        JsonMembers.object(out, "platform", platformOrNull);
        JsonMembers.text(out, "artifactType", artifactTypeOrNull);
        JsonMembers.others(out, unknown);
        out.writeEndObject();
    }

    public Optional<Platform> platform() {
        return Optional.ofNullable(platformOrNull);
    }

    public Optional<String> artifactType() {
        return Optional.ofNullable(artifactTypeOrNull);
    }

    // equals and hashCode written out, as Digest's: a record's generated ones are bootstrapped through method handles
    // at first use, and a rebuild compares the store's index entries
    @Override
    public boolean equals(Object other) {
        return other instanceof Descriptor d && d.digest.equals(digest) && d.size == size
                && d.mediaType.equals(mediaType) && d.urls.equals(urls) && d.annotations.equals(annotations)
                && Objects.equals(d.platformOrNull, platformOrNull)
                && Objects.equals(d.artifactTypeOrNull, artifactTypeOrNull) && d.unknown.equals(unknown);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    /** The name an OCI layout gives this entry, if any. */
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
