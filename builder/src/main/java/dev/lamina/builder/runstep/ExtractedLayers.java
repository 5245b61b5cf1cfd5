package dev.lamina.builder.runstep;

import dev.lamina.builder.LayerRef;
import dev.lamina.builder.fs.ChainIds;
import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.io.TempNames;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.apply.ApplyOptions;
import dev.lamina.tarball.apply.LayerApplier;
import dev.lamina.tarball.fs.HostFileSystem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Extracted layer directories, kept in the store under {@code lamina/snapshots/} by chain ID and shared by every
 * build that uses the store. Two forms, each made on first use:
 * <ul>
 * <li>{@code diff/<chain>/fs}: the chain's top layer alone, as an overlayfs lower directory holds it (whiteouts as
 * 0:0 character devices, opaque directories marked with {@code trusted.overlay.opaque=y}). A stage's lower
 * directories are these, one per layer: a RUN step extracts only the layers it has not seen, whatever their
 * parents' size. Keyed by chain ID, as containerd's snapshotters key theirs, so that one directory always sits
 * over the same parents.</li>
 * <li>{@code rootfs/<chain>/fs}: the whole file system of the chain, for the metadata-walk fallback (no overlayfs,
 * or no root to make whiteout devices): the walk compares a step against it, and a step's root starts as a copy
 * of it. Made from the parent chain's copy plus the top layer.</li>
 * </ul>
 * Each directory is extracted into {@code tmp/} and renamed into place, so a reader sees a complete directory or
 * none; two builds extracting the same chain at once both succeed and one copy stays. Beside {@code fs} a file
 * {@code diffid} names the layer, so that {@link #sweep} can drop directories whose layer the store no longer has.
 * Callers hold a store lease while they use these directories (a build does): a collection waits for it.
 */
public final class ExtractedLayers {
    private final Store store;
    private final Path root;

    public ExtractedLayers(Store store) {
        this.store = store;
        this.root = store.paths().snapshots();
    }

    /** The overlay lower directories of {@code layers} (bottom first in the list), top-most first, as overlayfs wants. */
    public List<Path> lowerDirs(List<LayerRef> layers) throws IOException {
        List<Path> dirs = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        for (LayerRef layer : layers) {
            diffIds.add(layer.diffId());
            dirs.add(0, diff(ChainIds.of(diffIds), layer));
        }
        return dirs;
    }

    /**
     * Whether a command can run on an overlay of {@code layers}' directories here: root, overlayfs known to the
     * kernel, and the directories fitting one mount's options.
     */
    public boolean overlayUsable(List<LayerRef> layers) {
        return HostFileSystem.create().privileged() && OverlaySupport.available() && OverlaySupport.fits(store, layers);
    }

    /** The whole file system of {@code layers} applied in order; never change it (copy it). */
    public Path rootfs(List<LayerRef> layers) throws IOException {
        if (layers.isEmpty()) {
            Path empty = root.resolve("rootfs").resolve("empty").resolve("fs");
            Files.createDirectories(empty);
            return empty;
        }
        List<Digest> diffIds = layers.stream().map(LayerRef::diffId).toList();
        Digest chain = ChainIds.of(diffIds);
        Path target = root.resolve("rootfs").resolve(chain.hex());
        if (Files.isDirectory(target.resolve("fs"))) {
            return target.resolve("fs");
        }
        Path parent = rootfs(layers.subList(0, layers.size() - 1));
        LayerRef top = layers.get(layers.size() - 1);
        return publish(target, top, fs -> {
            Files.delete(fs);
            Copies.copyTree(parent, fs);
            apply(top, fs, false);
        });
    }

    private Path diff(Digest chain, LayerRef layer) throws IOException {
        Path target = root.resolve("diff").resolve(chain.hex());
        if (Files.isDirectory(target.resolve("fs"))) {
            return target.resolve("fs");
        }
        return publish(target, layer, fs -> apply(layer, fs, true));
    }

    private interface Fill {
        void into(Path fs) throws IOException;
    }

    /** Fills a fresh directory in {@code tmp/} and renames it to {@code target}; returns {@code target/fs}. */
    private Path publish(Path target, LayerRef layer, Fill fill) throws IOException {
        Path temp = root.resolve("tmp").resolve(TempNames.unique());
        Files.createDirectories(temp.resolve("fs"));
        try {
            fill.into(temp.resolve("fs"));
            Files.write(temp.resolve("diffid"), layer.diffId().toString().getBytes(StandardCharsets.UTF_8));
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                // rename(2) onto a complete directory fails (ENOTEMPTY): another build extracted it first, theirs stays
                if (!Files.isDirectory(target.resolve("fs"))) {
                    throw e;
                }
            }
        } finally {
            if (Files.exists(temp)) {
                HostFileSystem.create().deleteRecursively(temp);
            }
        }
        return target.resolve("fs");
    }

    private void apply(LayerRef layer, Path fs, boolean overlayForm) throws IOException {
        Digest blob = layer.descriptor().digest();
        if (!store.hasBlob(blob)) {
            throw new LaminaException("layer " + blob + " (diffID " + layer.diffId() + ") is missing from the store");
        }
        ApplyOptions options = ApplyOptions.defaults(warning -> { }).withOverlayForm(overlayForm);
        try (InputStream in = store.openBlob(blob)) {
            new LayerApplier(fs, options).apply(in, "layer " + blob);
        }
    }

    /**
     * Removes what no build can use any more: temporary directories, and directories whose layer blob the store no
     * longer holds. Call with the store's collection lock held (no build running).
     */
    public static int sweep(Store store) throws IOException {
        Path root = store.paths().snapshots();
        HostFileSystem fs = HostFileSystem.create();
        int removed = 0;
        if (Files.exists(root.resolve("tmp"))) {
            fs.deleteRecursively(root.resolve("tmp"));
        }
        for (String form : List.of("diff", "rootfs")) {
            Path dir = root.resolve(form);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                stream.forEach(entries::add);
            }
            for (Path entry : entries) {
                if (!live(store, entry)) {
                    fs.deleteRecursively(entry);
                    removed++;
                }
            }
        }
        return removed;
    }

    private static boolean live(Store store, Path entry) {
        try {
            Path file = entry.resolve("diffid");
            if (!Files.exists(file)) {
                return entry.getFileName().toString().equals("empty");
            }
            Digest diffId = Digest.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
            Optional<Digest> blob = store.blobOfDiffId(diffId);
            return blob.isPresent() && store.hasBlob(blob.get());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
