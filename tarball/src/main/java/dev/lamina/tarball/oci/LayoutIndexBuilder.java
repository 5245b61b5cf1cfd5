package dev.lamina.tarball.oci;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.MediaType;
import dev.lamina.image.json.ImageIndex;
import dev.lamina.image.json.Json;
import dev.lamina.image.json.Manifest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an OCI layout destination keeps besides blobs: the manifests it was given, written with OCI media types
 * (a Docker schema 2 manifest or list is rewritten, its config and layers untouched, since skopeo and
 * oci-image-tool ignore or refuse Docker types in a layout), the names, and finally the entries of
 * {@code index.json}: each name replaces an entry of the same name; images copied without a name are listed
 * unnamed.
 */
final class LayoutIndexBuilder {
    /** A manifest or index as it will be stored. */
    record Stored(Descriptor descriptor, byte[] bytes) {
    }

    private final Map<Digest, Descriptor> stored = new HashMap<>();
    private final List<Digest> order = new ArrayList<>();
    private final Set<Digest> children = new HashSet<>();
    private final Map<String, Descriptor> names = new LinkedHashMap<>();

    /** The bytes to store for a manifest or index put by the copy engine (its children were put before). */
    Stored prepare(Descriptor descriptor, byte[] bytes) {
        MediaType declared = Json.sniffMediaType(bytes).orElse(descriptor.mediaType());
        Stored result;
        if (declared.isIndex()) {
            result = index(descriptor, bytes, declared);
        } else if (declared.isManifest() && declared.isDocker()) {
            result = manifest(descriptor, bytes);
        } else {
            MediaType type = descriptor.mediaType().equals(MediaType.OCI_DESCRIPTOR) ? declared : descriptor.mediaType();
            result = new Stored(descriptor.withMediaType(type.toOci()), bytes);
        }
        stored.put(descriptor.digest(), LayoutNames.unnamed(result.descriptor()));
        order.add(descriptor.digest());
        return result;
    }

    /** Names a top-level image (as the copy engine knows it: by its source digest). */
    void name(Descriptor topLevel, String name) {
        names.put(name, topLevel);
    }

    /** The entries of {@code index.json}: the existing ones, updated with this session's images and names. */
    List<Descriptor> entries(List<Descriptor> existing) {
        List<Descriptor> result = new ArrayList<>();
        for (Descriptor entry : existing) {
            if (entry.refName().filter(names::containsKey).isEmpty()) {
                result.add(entry);
            }
        }
        Set<Digest> named = new HashSet<>();
        names.forEach((name, topLevel) -> {
            Descriptor target = storedFor(topLevel);
            named.add(target.digest());
            Descriptor entry = target.withAnnotation(Descriptor.REF_NAME, name);
            if (LayoutNames.isFullReference(name)) {
                entry = entry.withAnnotation(LayoutNames.CONTAINERD_NAME, name);
            }
            result.add(entry);
        });
        for (Digest digest : order) {
            Descriptor target = stored.get(digest);
            boolean listed = result.stream().anyMatch(e -> e.digest().equals(target.digest()));
            if (!children.contains(digest) && !named.contains(target.digest()) && !listed) {
                result.add(target);
            }
        }
        return result;
    }

    private Descriptor storedFor(Descriptor topLevel) {
        Descriptor target = stored.get(topLevel.digest());
        if (target == null) {
            throw new IllegalStateException("image " + topLevel.digest() + " was named before it was written");
        }
        return target;
    }

    /** A Docker schema 2 manifest in OCI types: same config and layers, new digest. */
    private static Stored manifest(Descriptor descriptor, byte[] bytes) {
        Manifest docker = Manifest.parse(bytes, "manifest " + descriptor.digest());
        List<Descriptor> layers = docker.layers().stream().map(l -> l.withMediaType(l.mediaType().toOci())).toList();
        Manifest oci = docker.withMediaType(MediaType.OCI_MANIFEST)
                .withConfig(docker.config().withMediaType(docker.config().mediaType().toOci()))
                .withLayers(layers);
        byte[] converted = oci.toBytes();
        return new Stored(descriptorFor(descriptor, MediaType.OCI_MANIFEST, converted), converted);
    }

    /** An index whose children are listed as they were stored (possibly converted), in OCI types. */
    private Stored index(Descriptor descriptor, byte[] bytes, MediaType declared) {
        ImageIndex index = ImageIndex.parse(bytes, "index " + descriptor.digest());
        boolean changed = declared.isDocker();
        List<Descriptor> manifests = new ArrayList<>();
        for (Descriptor child : index.manifests()) {
            children.add(child.digest());
            Descriptor written = Optional.ofNullable(stored.get(child.digest())).orElse(child);
            Descriptor entry = child.withMediaType(written.mediaType());
            entry = new Descriptor(entry.mediaType(), written.digest(), written.size(), entry.urls(),
                    entry.annotations(), entry.platformOrNull(), entry.artifactTypeOrNull(), entry.unknown());
            changed |= !entry.equals(child);
            manifests.add(entry);
        }
        if (!changed) {
            return new Stored(descriptor.withMediaType(MediaType.OCI_INDEX), bytes);
        }
        byte[] converted = new ImageIndex(index.schemaVersion(),
                declared.isDocker() ? MediaType.OCI_INDEX : index.mediaTypeOrNull(), index.artifactTypeOrNull(),
                manifests, index.subjectOrNull(), index.annotations(), index.unknown()).toBytes();
        return new Stored(descriptorFor(descriptor, MediaType.OCI_INDEX, converted), converted);
    }

    private static Descriptor descriptorFor(Descriptor original, MediaType type, byte[] bytes) {
        return new Descriptor(type, Digest.sha256(bytes), bytes.length, original.urls(), original.annotations(),
                original.platformOrNull(), original.artifactTypeOrNull(), original.unknown());
    }
}
