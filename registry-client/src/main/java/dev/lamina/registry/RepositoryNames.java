package dev.lamina.registry;

import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;

/** Names for images of one repository, as the copy engine and commands hand them over. */
final class RepositoryNames {
    private RepositoryNames() {
    }

    /**
     * {@code name} as a reference in {@code repository}'s repository: a tag ({@code 1.0}), a digest
     * ({@code sha256:…} or {@code @sha256:…}), or a full reference that must name the same repository.
     */
    static ImageReference resolve(ImageReference repository, String name) {
        if (ImageReference.isValidTag(name)) {
            return repository.withoutDigest().withTag(name);
        }
        String digest = name.startsWith("@") ? name.substring(1) : name;
        if (Digest.isValid(digest)) {
            return repository.withoutTag().withDigest(Digest.parse(digest));
        }
        ImageReference other = ImageReference.parse(name);
        if (!other.name().equals(repository.name())) {
            throw new LaminaException(name + " is not in docker://" + repository.name());
        }
        return other;
    }
}
