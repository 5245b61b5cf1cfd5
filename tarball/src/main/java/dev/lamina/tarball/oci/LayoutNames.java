package dev.lamina.tarball.oci;

import dev.lamina.image.Descriptor;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import java.util.Optional;

/**
 * How images are named in an OCI layout's {@code index.json}: {@code org.opencontainers.image.ref.name} (a tag
 * as skopeo writes it, or a full reference as podman and lamina's store do), and containerd's
 * {@code io.containerd.image.name} (the full reference Docker 25+ writes beside a bare tag).
 */
public final class LayoutNames {
    public static final String CONTAINERD_NAME = "io.containerd.image.name";

    private LayoutNames() {
    }

    /** The most complete name an entry carries: containerd's full reference first, else the ref name. */
    public static Optional<String> of(Descriptor entry) {
        String containerd = entry.annotations().get(CONTAINERD_NAME);
        return containerd != null && !containerd.isEmpty() ? Optional.of(containerd) : entry.refName();
    }

    /** True when {@code name} is a full, normalised image reference (as opposed to a bare tag). */
    public static boolean isFullReference(String name) {
        try {
            return ImageReference.parseNormalized(name).toString().equals(name);
        } catch (LaminaException e) {
            return false;
        }
    }

    /**
     * The store reference a layout name stands for, if any: a reference with a repository part
     * ({@code busybox:1}, {@code docker.io/library/busybox:1}); a bare tag ({@code latest}, {@code 1.0}) names
     * no repository and stands for nothing.
     */
    public static Optional<ImageReference> asReference(String name) {
        if (!name.contains(":") && !name.contains("/") && !name.contains("@")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ImageReference.parse(name));
        } catch (LaminaException e) {
            return Optional.empty();
        }
    }

    /** The descriptor without the naming annotations, as it is copied elsewhere. */
    static Descriptor unnamed(Descriptor entry) {
        return entry.withoutAnnotation(Descriptor.REF_NAME).withoutAnnotation(CONTAINERD_NAME);
    }
}
