package dev.lamina.tarball.oci;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.NotFoundException;
import dev.lamina.image.copy.ImageSource;
import dev.lamina.image.io.VerifyingInputStream;
import dev.lamina.image.json.ImageIndex;
import dev.lamina.tarball.archive.ArchiveContents;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An OCI image layout (a directory, or an oci-archive) as a copy source: its images are the entries of
 * {@code index.json}, named by their ref name (or containerd's full name); blobs are read from
 * {@code blobs/<algorithm>/<hex>}. Nested indexes are followed by the copy engine.
 */
public final class OciLayoutSource implements ImageSource {
    private static final long INDEX_LIMIT = 64L * 1024 * 1024;
    private static final long MANIFEST_LIMIT = 64L * 1024 * 1024;

    private final LayoutStorage storage;
    private final List<Descriptor> entries;

    private OciLayoutSource(LayoutStorage storage) throws IOException {
        this.storage = storage;
        byte[] index = storage.readFile("index.json", INDEX_LIMIT).orElseThrow(() ->
                new NotFoundException(storage.description() + ": no index.json (not an OCI image layout)"));
        this.entries = ImageIndex.parse(index, "index.json in " + storage.description()).manifests();
    }

    /** A layout directory. */
    public static OciLayoutSource open(Path dir, String description) throws IOException {
        return new OciLayoutSource(LayoutStorage.directory(dir, description));
    }

    /** A layout inside an archive; the archive is closed with the source. */
    public static OciLayoutSource open(ArchiveContents archive) throws IOException {
        try {
            return new OciLayoutSource(LayoutStorage.archive(archive));
        } catch (IOException | RuntimeException e) {
            archive.close();
            throw e;
        }
    }

    @Override
    public String description() {
        return storage.description();
    }

    @Override
    public List<NamedImage> images() {
        Map<Digest, List<String>> names = new LinkedHashMap<>();
        Map<Digest, Descriptor> first = new LinkedHashMap<>();
        for (Descriptor entry : entries) {
            first.putIfAbsent(entry.digest(), LayoutNames.unnamed(entry));
            List<String> list = names.computeIfAbsent(entry.digest(), d -> new ArrayList<>());
            LayoutNames.of(entry).filter(n -> !list.contains(n)).ifPresent(list::add);
        }
        List<NamedImage> images = new ArrayList<>();
        first.forEach((digest, descriptor) -> images.add(new NamedImage(descriptor, names.get(digest))));
        return images;
    }

    @Override
    public Descriptor resolve(Optional<String> name) {
        if (name.isEmpty()) {
            if (entries.size() == 1) {
                return checked(entries.get(0));
            }
            throw new LaminaException(description() + (entries.isEmpty() ? " holds no images"
                    : " holds " + entries.size() + " images: name one (" + known() + ")"));
        }
        String wanted = name.get();
        List<Descriptor> matches = entries.stream()
                .filter(e -> e.refName().filter(wanted::equals).isPresent()
                        || wanted.equals(e.annotations().get(LayoutNames.CONTAINERD_NAME)))
                .toList();
        if (matches.isEmpty()) {
            matches = byDigest(wanted);
        }
        if (matches.isEmpty()) {
            matches = byReference(wanted);
        }
        if (matches.isEmpty()) {
            throw new NotFoundException(description() + ": no image named \"" + wanted + "\" (it has: " + known()
                    + ")");
        }
        if (matches.stream().map(Descriptor::digest).distinct().count() > 1) {
            throw new LaminaException(description() + ": the name \"" + wanted + "\" is ambiguous: "
                    + matches.size() + " different images carry it");
        }
        return checked(matches.get(0));
    }

    @Override
    public byte[] readManifest(Descriptor descriptor) throws IOException {
        if (descriptor.size() > MANIFEST_LIMIT) {
            throw new LaminaException(description() + ": manifest " + descriptor.digest() + " is implausibly large ("
                    + descriptor.size() + " bytes)");
        }
        try (InputStream in = new VerifyingInputStream(storage.openBlob(descriptor.digest()), descriptor.digest(),
                descriptor.size(), "manifest " + descriptor.digest() + " in " + description())) {
            return in.readAllBytes();
        }
    }

    @Override
    public InputStream openBlob(Descriptor descriptor, long offset) throws IOException {
        InputStream in = storage.openBlob(descriptor.digest());
        in.skipNBytes(offset);
        return in;
    }

    @Override
    public void close() throws IOException {
        storage.close();
    }

    private Descriptor checked(Descriptor entry) {
        if (!entry.mediaType().isManifest() && !entry.mediaType().isIndex()) {
            throw new LaminaException(description() + ": image " + LayoutNames.of(entry).orElse(entry.digest().toString())
                    + " has media type " + entry.mediaType() + ", which is neither a manifest nor an index");
        }
        return LayoutNames.unnamed(entry);
    }

    private List<Descriptor> byDigest(String wanted) {
        String text = wanted.startsWith("@") ? wanted.substring(1) : wanted;
        if (!Digest.isValid(text)) {
            return List.of();
        }
        Digest digest = Digest.parse(text);
        return entries.stream().filter(e -> e.digest().equals(digest)).toList();
    }

    private List<Descriptor> byReference(String wanted) {
        String normal;
        try {
            normal = ImageReference.parse(wanted).toString();
        } catch (LaminaException e) {
            return List.of();
        }
        return entries.stream()
                .filter(e -> LayoutNames.of(e).flatMap(LayoutNames::asReference).map(ImageReference::toString)
                        .filter(normal::equals).isPresent())
                .toList();
    }

    private String known() {
        String names = entries.stream().map(e -> LayoutNames.of(e).orElse(e.digest().toString()))
                .collect(Collectors.joining(", "));
        return names.isEmpty() ? "nothing" : names;
    }
}
