package dev.lamina.tarball.inspect;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.json.History;
import java.util.Optional;

/**
 * One layer of an image as inspection sees it: its place (0 is the base), its blob, the diffID the config gives
 * for it, and the history entry that made it (the config's non-empty entries, taken in order), if there is one.
 */
public record ImageLayer(int index, Descriptor descriptor, Digest diffId, Optional<History> history) {
    /** The history entry's {@code created_by}, or empty. */
    public String createdBy() {
        return history.map(History::createdBy).orElse("");
    }
}
