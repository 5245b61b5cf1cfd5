package dev.lamina.builder.state;

import dev.lamina.image.json.History;
import java.util.ArrayList;
import java.util.List;

/**
 * BuildKit's rule for history times (its exporter's {@code normalizeLayersAndHistory}): a layer's entry has the
 * time its layer was made; an entry without a time (an ENV, a LABEL…) takes the time of the last entry before it
 * that has one, except that entries before the first new layer take that layer's time (so a first ENV does not
 * claim the base image's age). With no new layer at all, they take the last time there is.
 */
final class HistoryTimes {
    private HistoryTimes() {
    }

    static List<History> fill(List<History> history) {
        String created = "";
        boolean untimedSeen = false;
        for (History h : history) {
            if (!h.created().isEmpty()) {
                created = h.created();
                if (untimedSeen) {
                    break;
                }
            } else {
                untimedSeen = true;
            }
        }
        List<History> out = new ArrayList<>(history.size());
        untimedSeen = false;
        for (History h : history) {
            if (!h.created().isEmpty()) {
                if (untimedSeen) {
                    created = h.created();
                }
                out.add(h);
            } else {
                untimedSeen = true;
                out.add(new History(created, h.createdBy(), h.author(), h.comment(), h.emptyLayer()));
            }
        }
        return out;
    }
}
