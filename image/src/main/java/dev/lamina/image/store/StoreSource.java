package dev.lamina.image.store;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.NotFoundException;
import dev.lamina.image.copy.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store as a copy source: names are references or image IDs, as {@link Catalog} finds them. */
public final class StoreSource implements ImageSource {
    private final Store store;
    private final Catalog catalog;

    public StoreSource(Store store) {
        this.store = store;
        this.catalog = new Catalog(store);
    }

    @Override
    public String description() {
        return "store " + store.root();
    }

    @Override
    public List<NamedImage> images() {
        Map<Digest, List<String>> names = new LinkedHashMap<>();
        Map<Digest, Descriptor> descriptors = new LinkedHashMap<>();
        for (Catalog.Entry entry : catalog.entries()) {
            Digest digest = entry.descriptor().digest();
            descriptors.putIfAbsent(digest, entry.descriptor());
            List<String> list = names.computeIfAbsent(digest, d -> new ArrayList<>());
            entry.reference().ifPresent(r -> list.add(r.toString()));
        }
        List<NamedImage> images = new ArrayList<>();
        descriptors.forEach((digest, descriptor) -> images.add(new NamedImage(descriptor, names.get(digest))));
        return images;
    }

    @Override
    public Descriptor resolve(Optional<String> name) {
        if (name.isEmpty()) {
            List<NamedImage> all = images();
            if (all.size() != 1) {
                throw new LaminaException("the store holds " + all.size() + " images: name one");
            }
            return all.get(0).descriptor();
        }
        return catalog.find(name.get())
                .orElseThrow(() -> new NotFoundException("no such image in the store: " + name.get()))
                .descriptor();
    }

    @Override
    public byte[] readManifest(Descriptor descriptor) throws IOException {
        return store.readBlob(descriptor.digest());
    }

    @Override
    public InputStream openBlob(Descriptor descriptor, long offset) throws IOException {
        InputStream in = store.openBlob(descriptor.digest());
        in.skipNBytes(offset);
        return in;
    }

    public Catalog catalog() {
        return catalog;
    }
}
