package dev.lamina.image.store;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.MediaType;
import dev.lamina.image.NotFoundException;
import dev.lamina.image.copy.ImageResolver;
import dev.lamina.image.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names in the store: each tag is one {@code index.json} entry whose {@code org.opencontainers.image.ref.name}
 * is the full normalised reference ({@code docker.io/library/busybox:latest}); an image pulled by digest is
 * named {@code repo@sha256:…}. Lookups accept what Docker accepts: a reference, or an image ID (the config
 * digest) or a unique prefix of one.
 */
public final class Catalog {
    private static final Pattern ID_PREFIX = Pattern.compile("(?:sha256:)?[a-f0-9]{4,64}");

    private final Store store;

    public Catalog(Store store) {
        this.store = store;
    }

    /** A named (or unnamed) top-level entry of the store. */
    public record Entry(Optional<ImageReference> reference, Descriptor descriptor) {
    }

    public List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        for (Descriptor d : store.indexEntries()) {
            entries.add(new Entry(d.refName().flatMap(Catalog::parseStoredName), d.withoutAnnotation(Descriptor.REF_NAME)));
        }
        return entries;
    }

    /** Names {@code target} as {@code reference}, replacing what the name pointed to before. */
    public void tag(ImageReference reference, Descriptor target) {
        String name = reference.toString();
        Descriptor entry = target.withAnnotation(Descriptor.REF_NAME, name);
        store.updateIndex(entries -> {
            List<Descriptor> changed = new ArrayList<>();
            boolean replaced = false;
            for (Descriptor d : entries) {
                if (d.refName().filter(name::equals).isPresent()) {
                    if (!replaced) {
                        changed.add(entry);
                        replaced = true;
                    }
                } else if (d.refName().isEmpty() && d.digest().equals(target.digest())) {
                    // an unnamed entry for the same image is superseded by the name
                } else {
                    changed.add(d);
                }
            }
            if (!replaced) {
                changed.add(entry);
            }
            return changed;
        });
    }

    /** Keeps {@code target} in the store without a name (a build without {@code -t}), as Docker's {@code <none>}. */
    public void keepUnnamed(Descriptor target) {
        Descriptor entry = target.withoutAnnotation(Descriptor.REF_NAME);
        store.updateIndex(entries -> {
            boolean known = entries.stream().anyMatch(d -> d.digest().equals(target.digest()));
            if (known) {
                return entries;
            }
            List<Descriptor> changed = new ArrayList<>(entries);
            changed.add(entry);
            return changed;
        });
    }

    /** Removes the name; returns whether there was one. */
    public boolean untag(ImageReference reference) {
        String name = reference.toString();
        boolean[] removed = {false};
        store.updateIndex(entries -> {
            List<Descriptor> changed = new ArrayList<>();
            for (Descriptor d : entries) {
                if (d.refName().filter(name::equals).isPresent()) {
                    removed[0] = true;
                } else {
                    changed.add(d);
                }
            }
            return changed;
        });
        return removed[0];
    }

    /** Removes every entry, named or not, for the top-level digest. Returns the names removed. */
    public List<ImageReference> removeAll(Digest topLevel) {
        List<ImageReference> names = new ArrayList<>();
        store.updateIndex(entries -> {
            List<Descriptor> changed = new ArrayList<>();
            for (Descriptor d : entries) {
                if (d.digest().equals(topLevel)) {
                    d.refName().flatMap(Catalog::parseStoredName).ifPresent(names::add);
                } else {
                    changed.add(d);
                }
            }
            return changed;
        });
        return names;
    }

    /**
     * Finds what {@code text} names: first as an image ID or ID prefix (config or manifest digest) when it
     * looks like one and some image matches, then as a reference. An ambiguous prefix is an error.
     */
    public Optional<Entry> find(String text) {
        if (ID_PREFIX.matcher(text).matches()) {
            Optional<Entry> byId = findById(text);
            if (byId.isPresent()) {
                return byId;
            }
        }
        ImageReference reference;
        try {
            reference = ImageReference.parse(text);
        } catch (ImageReference.InvalidReferenceException e) {
            if (ID_PREFIX.matcher(text).matches()) {
                return Optional.empty();
            }
            throw e;
        }
        return find(reference);
    }

    public Optional<Entry> find(ImageReference reference) {
        String name = reference.toString();
        for (Entry e : entries()) {
            if (e.reference().map(ImageReference::toString).filter(name::equals).isPresent()) {
                return Optional.of(e);
            }
        }
        if (reference.digest().isPresent()) {
            Digest digest = reference.digest().get();
            for (Entry e : entries()) {
                if (e.descriptor().digest().equals(digest)) {
                    return Optional.of(new Entry(Optional.of(reference), e.descriptor()));
                }
            }
            if (store.hasBlob(digest)) {
                return Optional.of(new Entry(Optional.of(reference), describeStored(digest)));
            }
        }
        return Optional.empty();
    }

    public Entry require(String text) {
        return find(text).orElseThrow(() -> new NotFoundException("no such image in the store: " + text));
    }

    /** The config digest of a top-level entry for the host platform, which Docker shows as the image ID. */
    public Digest imageId(Descriptor topLevel) {
        try {
            return new ImageResolver(new StoreSource(store)).configDigest(topLevel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NotFoundException e) {
            return topLevel.digest(); // an index whose platform image is not stored: name the index itself
        }
    }

    private Optional<Entry> findById(String text) {
        String prefix = text.toLowerCase(Locale.ROOT);
        if (prefix.startsWith("sha256:")) {
            prefix = prefix.substring("sha256:".length());
        }
        Entry found = null;
        Digest foundDigest = null;
        for (Entry e : entries()) {
            Digest id = imageId(e.descriptor());
            boolean matches = id.hex().startsWith(prefix) || e.descriptor().digest().hex().startsWith(prefix);
            if (!matches) {
                continue;
            }
            if (foundDigest != null && !foundDigest.equals(e.descriptor().digest())) {
                throw new LaminaException("ambiguous image ID prefix " + text + ": it matches more than one image");
            }
            if (found == null) {
                found = e;
                foundDigest = e.descriptor().digest();
            }
        }
        return Optional.ofNullable(found);
    }

    private Descriptor describeStored(Digest digest) {
        try {
            byte[] bytes = store.readBlob(digest);
            MediaType type = Json.sniffMediaType(bytes).orElseThrow(() ->
                    new LaminaException("blob " + digest + " is not a manifest or index"));
            return new Descriptor(type, digest, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<ImageReference> parseStoredName(String name) {
        try {
            return Optional.of(ImageReference.parseNormalized(name));
        } catch (LaminaException e) {
            return Optional.empty(); // a name another tool wrote that is not a reference; list it unnamed
        }
    }
}
