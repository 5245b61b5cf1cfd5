package dev.lamina.image.testing;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.MediaType;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.ImageDestination;
import dev.lamina.image.json.History;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.json.ImageIndex;
import dev.lamina.image.json.Manifest;
import dev.lamina.image.store.Catalog;
import dev.lamina.image.store.Store;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Small, valid images made in memory for tests: real gzip tar layers, a config whose diff IDs match, a
 * manifest, and optionally an index over several platforms. Written into any {@link ImageDestination}.
 */
public final class TestImages {
    private TestImages() {
    }

    /** One layer: path → content. */
    public static Map<String, byte[]> files(String... pathsAndContents) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    /** An image as blobs and bytes, ready to be written. */
    public record Image(Descriptor manifest, byte[] manifestBytes, Descriptor config, byte[] configBytes,
            List<Descriptor> layers, List<byte[]> layerBytes, List<Digest> diffIds) {
    }

    @SafeVarargs
    public static Image image(Platform platform, Map<String, byte[]>... layers) {
        List<Descriptor> layerDescriptors = new ArrayList<>();
        List<byte[]> layerBytes = new ArrayList<>();
        ImageConfig config = ImageConfig.empty(platform).edit(tree -> tree.put("created", "2024-01-02T03:04:05Z"));
        List<Digest> diffIds = new ArrayList<>();
        for (Map<String, byte[]> layer : layers) {
            byte[] tar = tar(layer);
            byte[] gz = gzip(tar);
            Digest diffId = Digest.sha256(tar);
            diffIds.add(diffId);
            layerDescriptors.add(new Descriptor(MediaType.OCI_LAYER_GZIP, Digest.sha256(gz), gz.length));
            layerBytes.add(gz);
            config = config.withLayer(Optional.of(diffId),
                    new History("2024-01-02T03:04:05Z", "COPY " + String.join(" ", layer.keySet()) + " /", "", "", false));
        }
        byte[] configBytes = config.toBytes();
        Descriptor configDescriptor = new Descriptor(MediaType.OCI_CONFIG, Digest.sha256(configBytes), configBytes.length);
        byte[] manifestBytes = Manifest.of(MediaType.OCI_MANIFEST, configDescriptor, layerDescriptors).toBytes();
        Descriptor manifest = new Descriptor(MediaType.OCI_MANIFEST, Digest.sha256(manifestBytes), manifestBytes.length);
        return new Image(manifest, manifestBytes, configDescriptor, configBytes, layerDescriptors, layerBytes, diffIds);
    }

    /** Puts the image's blobs and manifest into {@code destination} (not committed, not tagged). */
    public static Descriptor write(Image image, ImageDestination destination) throws IOException {
        destination.putBlob(image.config(), () -> new ByteArrayInputStream(image.configBytes()));
        for (int i = 0; i < image.layers().size(); i++) {
            byte[] bytes = image.layerBytes().get(i);
            destination.putBlob(image.layers().get(i), () -> new ByteArrayInputStream(bytes));
        }
        destination.putManifest(image.manifest(), image.manifestBytes());
        return image.manifest();
    }

    /**
     * Finishes an image whose layers are in {@code store} already: writes {@code config} and an OCI manifest over
     * {@code layers}, and names it {@code name}. Returns the manifest's descriptor.
     */
    public static Descriptor tagInStore(Store store, ImageConfig config, List<Descriptor> layers, String name)
            throws IOException {
        byte[] configBytes = config.toBytes();
        Digest configDigest = store.putBytes(configBytes);
        byte[] manifest = Manifest.of(MediaType.OCI_MANIFEST,
                new Descriptor(MediaType.OCI_CONFIG, configDigest, configBytes.length), layers).toBytes();
        Descriptor descriptor = new Descriptor(MediaType.OCI_MANIFEST, store.putBytes(manifest), manifest.length);
        new Catalog(store).tag(ImageReference.parse(name), descriptor);
        return descriptor;
    }

    /** An index over images of several platforms, written with its images. */
    public static Descriptor writeIndex(ImageDestination destination, Map<Platform, Image> images) throws IOException {
        List<Descriptor> children = new ArrayList<>();
        for (Map.Entry<Platform, Image> e : images.entrySet()) {
            write(e.getValue(), destination);
            children.add(e.getValue().manifest().withPlatform(e.getKey()));
        }
        byte[] bytes = ImageIndex.of(MediaType.OCI_INDEX, children).toBytes();
        Descriptor index = new Descriptor(MediaType.OCI_INDEX, Digest.sha256(bytes), bytes.length);
        destination.putManifest(index, bytes);
        return index;
    }

    public static byte[] tar(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                entry.setMode(0644);
                entry.setModTime(1_700_000_000_000L);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
