package dev.lamina.cli;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.store.Catalog;
import dev.lamina.image.store.GarbageCollector;
import dev.lamina.image.store.Store;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "rmi", description = "Remove images from the store: untag, and free the blobs no other image uses.")
final class RmiCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;

    @Option(names = {"-f", "--force"}, description = "Remove an image given by ID even when several names point to it.")
    boolean force;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "References or image IDs.")
    List<String> images;

    @Override
    public Integer call() throws IOException {
        Store store = lamina.store();
        Catalog catalog = new Catalog(store);
        int code = Lamina.OK;
        for (String text : images) {
            try {
                remove(store, catalog, text);
            } catch (LaminaException e) {
                lamina.console().err().println("lamina: error: " + e.getMessage());
                code = Lamina.FAILED;
            }
        }
        return code;
    }

    private void remove(Store store, Catalog catalog, String text) throws IOException {
        Catalog.Entry entry = catalog.find(text)
                .orElseThrow(() -> new LaminaException("no such image: " + text));
        Descriptor image = entry.descriptor();
        boolean byName = entry.reference().isPresent() && isNameOf(text, entry.reference().get());
        if (byName) {
            catalog.untag(entry.reference().get());
            lamina.console().out().println("Untagged: " + entry.reference().get().familiar());
        } else {
            List<Catalog.Entry> named = catalog.entries().stream()
                    .filter(e -> e.descriptor().digest().equals(image.digest()) && e.reference().isPresent())
                    .toList();
            if (named.size() > 1 && !force) {
                throw new LaminaException("conflict: unable to delete " + text + " (must be forced) - image is"
                        + " referenced in multiple repositories");
            }
            for (ImageReference removed : catalog.removeAll(image.digest())) {
                lamina.console().out().println("Untagged: " + removed.familiar());
            }
        }
        boolean stillNamed = catalog.entries().stream().anyMatch(e -> e.descriptor().digest().equals(image.digest()));
        if (!stillNamed) {
            Set<Digest> candidates = new HashSet<>(blobsOf(store, image));
            GarbageCollector.Report report = new GarbageCollector(store, lamina.gcRoots()).collect(candidates);
            for (Digest removed : report.removed()) {
                lamina.console().out().println("Deleted: " + removed);
            }
        }
    }

    private static boolean isNameOf(String text, ImageReference reference) {
        try {
            return ImageReference.parse(text).toString().equals(reference.toString());
        } catch (LaminaException e) {
            return false;
        }
    }

    /** The blobs an image is made of, through an index to every platform's image. */
    private static Set<Digest> blobsOf(Store store, Descriptor topLevel) throws IOException {
        Set<Digest> blobs = new HashSet<>();
        java.util.ArrayDeque<Descriptor> pending = new java.util.ArrayDeque<>(List.of(topLevel));
        while (!pending.isEmpty()) {
            Descriptor d = pending.pop();
            if (!blobs.add(d.digest()) || !store.hasBlob(d.digest())) {
                continue;
            }
            byte[] bytes = store.readBlob(d.digest());
            Optional<dev.lamina.image.MediaType> type = dev.lamina.image.json.Json.sniffMediaType(bytes);
            if (type.map(t -> t.isIndex()).orElse(false)) {
                pending.addAll(dev.lamina.image.json.ImageIndex.parse(bytes, "index " + d.digest()).manifests());
            } else if (type.map(t -> t.isManifest()).orElse(false)) {
                dev.lamina.image.json.Manifest m = dev.lamina.image.json.Manifest.parse(bytes, "manifest " + d.digest());
                blobs.add(m.config().digest());
                m.layers().forEach(l -> blobs.add(l.digest()));
            }
        }
        return blobs;
    }
}
