package dev.lamina.image.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.Descriptor;
import dev.lamina.image.MediaType;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An OCI image index or Docker manifest list; also the shape of an OCI layout's {@code index.json}. */
public record ImageIndex(
        int schemaVersion,
        MediaType mediaTypeOrNull,
        String artifactTypeOrNull,
        List<Descriptor> manifests,
        Descriptor subjectOrNull,
        Map<String, String> annotations,
        Map<String, JsonNode> unknown) implements JsonWritable {

    private static final Set<String> MEMBERS = Set.of("schemaVersion", "mediaType", "artifactType", "manifests",
            "subject", "annotations");

    public ImageIndex {
        manifests = manifests == null ? List.of() : List.copyOf(manifests);
        annotations = annotations == null ? Map.of() : annotations;
        unknown = unknown == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(unknown));
    }

    public static ImageIndex of(MediaType typeOrNull, List<Descriptor> manifests) {
        return new ImageIndex(2, typeOrNull, null, manifests, null, null, null);
    }

    /** Reads an index; {@code manifests} may be absent or {@code null} (Docker 25 writes that), meaning none. */
    public static ImageIndex parse(byte[] bytes, String what) {
        JsonFields json = JsonFields.parse(bytes, what);
        return new ImageIndex(json.int32("schemaVersion"), json.parsed("mediaType", MediaType::of).orElse(null),
                json.optionalText("artifactType").orElse(null), json.objects("manifests", Descriptor::fromJson),
                json.object("subject").map(Descriptor::fromJson).orElse(null), json.textMap("annotations"),
                json.others(MEMBERS));
    }

    public Optional<MediaType> mediaType() {
        return Optional.ofNullable(mediaTypeOrNull);
    }

    public ImageIndex withManifests(List<Descriptor> newManifests) {
        return new ImageIndex(schemaVersion, mediaTypeOrNull, artifactTypeOrNull, newManifests, subjectOrNull,
                annotations, unknown);
    }

    @Override
    public void writeJson(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeNumberField("schemaVersion", schemaVersion);
        JsonMembers.text(out, "mediaType", mediaTypeOrNull == null ? null : mediaTypeOrNull.value());
        JsonMembers.text(out, "artifactType", artifactTypeOrNull);
        JsonMembers.array(out, "manifests", manifests);
        JsonMembers.object(out, "subject", subjectOrNull);
        JsonMembers.textMap(out, "annotations", annotations);
        JsonMembers.others(out, unknown);
        out.writeEndObject();
    }

    public byte[] toBytes() {
        return Json.write(this);
    }
}
