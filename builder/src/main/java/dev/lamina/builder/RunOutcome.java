package dev.lamina.builder;

import dev.lamina.tarball.layer.LayerBlob;

/** What a RUN step did to the file system. */
public sealed interface RunOutcome {
    /** Its changes, as a layer written into the store (added and changed paths, whiteouts for deleted ones). */
    record Changed(LayerBlob layer) implements RunOutcome {
    }

    /** Nothing changed. The builder still gives the step an empty layer, as BuildKit does. */
    record Unchanged() implements RunOutcome {
    }
}
