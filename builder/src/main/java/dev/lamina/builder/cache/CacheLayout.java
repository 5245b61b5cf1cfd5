package dev.lamina.builder.cache;

import dev.lamina.image.Digest;
import dev.lamina.image.store.Store;
import java.nio.file.Path;

/**
 * Where the build cache lives in the store, in one place: under {@code lamina/cache/}, beside the store's other
 * metadata, where OCI tools ignore it.
 * <ul>
 * <li>{@code steps/<key>}: one record per step result (the layer a COPY, ADD, WORKDIR or RUN made), by cache key;</li>
 * <li>{@code slots/<slot>}: per step of a Dockerfile (context, file, stage, position), the inputs it read last
 * time, to say what changed when it runs again;</li>
 * <li>{@code listings/<diffID>}: per layer, its entries without content ({@code fs.LayerListing});</li>
 * <li>{@code context/<hash of its path>}: per build context, its files' digests ({@code context.ContextDigests});</li>
 * <li>{@code memos/<slot>}: per COPY or ADD step, the cache key it last found and what it read ({@link StepMemos}).</li>
 * </ul>
 */
public record CacheLayout(Path root) {
    public static CacheLayout of(Store store) {
        return new CacheLayout(store.paths().cache());
    }

    public Path steps() {
        return root.resolve("steps");
    }

    public Path step(Digest key) {
        return steps().resolve(key.hex());
    }

    public Path slots() {
        return root.resolve("slots");
    }

    public Path slot(Digest slot) {
        return slots().resolve(slot.hex());
    }

    public Path listings() {
        return root.resolve("listings");
    }

    public Path contextDigests() {
        return root.resolve("context");
    }

    public Path memos() {
        return root.resolve("memos");
    }

    public Path memo(Digest slot) {
        return memos().resolve(slot.hex());
    }

    public Path listing(Digest diffId) {
        return listings().resolve(diffId.algorithm() + "-" + diffId.hex());
    }
}
