package dev.lamina.builder.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.lamina.builder.LayerRef;
import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.json.JsonFields;
import dev.lamina.image.json.JsonWritable;
import java.io.IOException;

/**
 * What a step made, kept under its cache key: its layer, when it was made (the history entry's time, so that a
 * rebuild from the cache gives the same config and image ID), and the instruction, for people reading the store.
 */
public record CacheRecord(Descriptor layer, Digest diffId, String created, String step) implements JsonWritable {

    static CacheRecord parse(byte[] bytes, String what) {
        JsonFields json = JsonFields.parse(bytes, what);
        return new CacheRecord(json.object("layer").map(Descriptor::fromJson)
                .orElseThrow(() -> json.invalid("layer", "missing")),
                json.parsed("diffId", Digest::parse).orElse(null), json.optionalText("created").orElse(null),
                json.optionalText("step").orElse(null));
    }

    @Override
    public void writeJson(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeFieldName("layer");
        layer.writeJson(out);
        out.writeStringField("diffId", diffId == null ? null : diffId.toString());
        out.writeStringField("created", created);
        out.writeStringField("step", step);
        out.writeEndObject();
    }

    public LayerRef layerRef() {
        return new LayerRef(layer, diffId);
    }
}
