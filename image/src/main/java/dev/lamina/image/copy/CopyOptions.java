package dev.lamina.image.copy;

import dev.lamina.image.Platform;
import java.util.List;
import java.util.Optional;

/**
 * How to copy: which platform to take from an index (empty: every platform, unless the destination holds
 * single images only, then the host's), the names to give the result, and how many blobs to move at once.
 */
public record CopyOptions(Optional<Platform> platform, List<String> tags, int parallelism, CopyListener listener) {
    public static final int DEFAULT_PARALLELISM = 6;

    public CopyOptions {
        tags = List.copyOf(tags);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }

    public static CopyOptions defaults() {
        return new CopyOptions(Optional.empty(), List.of(), DEFAULT_PARALLELISM, CopyListener.NONE);
    }

    public CopyOptions withPlatform(Optional<Platform> newPlatform) {
        return new CopyOptions(newPlatform, tags, parallelism, listener);
    }

    public CopyOptions withTags(List<String> newTags) {
        return new CopyOptions(platform, newTags, parallelism, listener);
    }

    public CopyOptions withListener(CopyListener newListener) {
        return new CopyOptions(platform, tags, parallelism, newListener);
    }

    public CopyOptions withParallelism(int newParallelism) {
        return new CopyOptions(platform, tags, newParallelism, listener);
    }
}
