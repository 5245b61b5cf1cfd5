package dev.lamina.image.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One entry of an image config's history. {@code created} is kept as the text found, because
 * configs in the wild carry times that are not quite RFC 3339; {@link #createdInstant()} parses it.
 */
public record History(String created, String createdBy, String author, String comment, boolean emptyLayer)
        implements JsonWritable {

    public History {
        created = created == null ? "" : created;
        createdBy = createdBy == null ? "" : createdBy;
        author = author == null ? "" : author;
        comment = comment == null ? "" : comment;
    }

    /** Reads one entry; other members (none are specified) are dropped. */
    public static History fromJson(JsonFields json) {
        return new History(json.text("created"), json.text("created_by"), json.text("author"), json.text("comment"),
                json.bool("empty_layer"));
    }

    /** The entry as lamina writes it: empty texts left out, {@code empty_layer} always there. */
    @Override
    public void writeJson(JsonGenerator out) throws IOException {
        out.writeStartObject();
        JsonMembers.text(out, "created", created);
        JsonMembers.text(out, "created_by", createdBy);
        JsonMembers.text(out, "author", author);
        JsonMembers.text(out, "comment", comment);
        out.writeBooleanField("empty_layer", emptyLayer);
        out.writeEndObject();
    }

    public Optional<Instant> createdInstant() {
        return ImageConfig.parseTime(created);
    }

    static Optional<Instant> parse(String text) {
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
