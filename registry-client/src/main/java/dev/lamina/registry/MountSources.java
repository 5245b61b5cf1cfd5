package dev.lamina.registry;

import dev.lamina.image.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * Where else a blob is known to live: repositories ({@code registry/name}) from which a push may mount it
 * instead of uploading it. Only repositories of the destination's own registry are used.
 */
@FunctionalInterface
public interface MountSources {
    MountSources NONE = digest -> List.of();

    /** Candidate repositories, best first, as {@code registry/name}. */
    List<String> repositoriesOf(Digest digest);

    /** Every blob of a copy comes from one repository (a registry-to-registry copy). */
    static MountSources repository(String registryAndName) {
        return digest -> List.of(registryAndName);
    }

    /** This source's candidates first, then {@code other}'s. */
    default MountSources then(MountSources other) {
        return digest -> {
            List<String> all = new ArrayList<>(repositoriesOf(digest));
            other.repositoriesOf(digest).stream().filter(r -> !all.contains(r)).forEach(all::add);
            return all;
        };
    }
}
