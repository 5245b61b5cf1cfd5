package dev.lamina.builder.fs;

import dev.lamina.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * OCI chain IDs: {@code ChainID(L0) = DiffID(L0)}, {@code ChainID(L0|…|Ln) = SHA256(ChainID(L0|…|Ln-1) + " " +
 * DiffID(Ln))}. One digest names a whole stack of layers, whatever produced it.
 */
public final class ChainIds {
    /** The chain of no layers (a {@code FROM scratch} stage before any layer). */
    public static final Digest EMPTY = Digest.sha256(new byte[0]);

    private ChainIds() {
    }

    public static Digest of(List<Digest> diffIds) {
        Digest chain = null;
        for (Digest diffId : diffIds) {
            chain = chain == null ? diffId
                    : Digest.sha256((chain + " " + diffId).getBytes(StandardCharsets.UTF_8));
        }
        return chain == null ? EMPTY : chain;
    }
}
