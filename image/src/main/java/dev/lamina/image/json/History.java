package dev.lamina.image.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * One entry of an image config's history. {@code created} is kept as the text found, because
 * configs in the wild carry times that are not quite RFC 3339; {@link #createdInstant()} parses it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"created", "created_by", "author", "comment", "empty_layer"})
public record History(
        @JsonProperty("created") String created,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("author") String author,
        @JsonProperty("comment") String comment,
        @JsonProperty("empty_layer") boolean emptyLayer) {

    public History {
        created = created == null ? "" : created;
        createdBy = createdBy == null ? "" : createdBy;
        author = author == null ? "" : author;
        comment = comment == null ? "" : comment;
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
