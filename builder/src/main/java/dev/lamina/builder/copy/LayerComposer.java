package dev.lamina.builder.copy;

import dev.lamina.builder.fs.LayerListing;
import dev.lamina.image.io.DigestingInputStream;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.layer.LayerBlob;
import dev.lamina.tarball.layer.LayerOptions;
import dev.lamina.tarball.layer.LayerSink;
import dev.lamina.tarball.layer.LayerWriter;
import dev.lamina.tarball.tar.TarEntry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a placed COPY into the store as one layer, in one pass: entries in order, a whiteout right before the entry
 * that replaces what it deletes. A file's digest is the one its cache key was made from (hashing it again would cost a
 * pass over every byte; a file that changed size meanwhile fails the write, and any other change shows at the next
 * build, whose key then differs). Returns the layer and its listing.
 */
public final class LayerComposer {
    private LayerComposer() {
    }

    /** A written layer, and what it holds. */
    public record Written(LayerBlob layer, LayerListing listing) {
    }

    static Written write(Placement placement, Store store, LayerOptions options) throws IOException {
        List<LayerListing.Change> changes = new ArrayList<>();
        try (LayerWriter writer = LayerWriter.open(LayerSink.toStore(store), options)) {
            for (Map.Entry<String, Placement.Out> e : placement.entries().entrySet()) {
                String path = e.getKey();
                Placement.Out out = e.getValue();
                if (placement.whiteouts().contains(path)) {
                    writer.whiteout(path);
                    changes.add(new LayerListing.Delete(path));
                }
                TarEntry meta = clamp(out.meta(), options);
                if (out.content().isPresent()) {
                    try (InputStream raw = out.content().get().open()) {
                        if (out.digest().isPresent()) {
                            // the digest the step's cache key was made from; the writer checks the size as it copies
                            writer.add(meta, raw);
                            changes.add(new LayerListing.Put(path, meta, out.digest()));
                        } else {
                            DigestingInputStream in = new DigestingInputStream(raw);
                            writer.add(meta, in);
                            changes.add(new LayerListing.Put(path, meta, java.util.Optional.of(in.digest())));
                        }
                    }
                } else {
                    writer.add(meta);
                    changes.add(new LayerListing.Put(path, meta, out.digest()));
                }
            }
            return new Written(writer.finish(), new LayerListing(changes));
        }
    }

    /** An empty layer (a WORKDIR that exists already, a RUN that changed nothing). */
    public static LayerBlob empty(Store store, LayerOptions options) throws IOException {
        try (LayerWriter writer = LayerWriter.open(LayerSink.toStore(store), options)) {
            return writer.finish();
        }
    }

    /** The time the writer will record, so the listing says what the layer says. */
    private static TarEntry clamp(TarEntry meta, LayerOptions options) {
        if (options.sourceDateEpoch().isEmpty()) {
            return meta;
        }
        Instant epoch = options.sourceDateEpoch().get();
        return meta.modTime().isAfter(epoch) ? meta.toBuilder().modTime(epoch).build() : meta;
    }
}
