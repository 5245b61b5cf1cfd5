package dev.lamina.tarball.inspect;

import dev.lamina.image.json.History;
import java.util.Optional;

/**
 * One step of an image's history, oldest first: the config's entry and the layer it made (none for an
 * {@code empty_layer} step). A layer the history does not account for gets an entry of its own with an empty
 * {@link History}, so that every layer shows.
 */
public record HistoryEntry(History history, Optional<ImageLayer> layer) {
}
