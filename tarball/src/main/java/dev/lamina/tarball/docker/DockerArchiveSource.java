package dev.lamina.tarball.docker;

import dev.lamina.image.Compression;
import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.MediaType;
import dev.lamina.image.NotFoundException;
import dev.lamina.image.copy.ImageSource;
import dev.lamina.image.io.DigestingInputStream;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.json.Json;
import dev.lamina.image.json.Manifest;
import dev.lamina.tarball.archive.ArchiveContents;
import dev.lamina.tarball.compress.Decompressors;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A docker-archive (what {@code docker save} writes) as a copy source. {@code manifest.json} leads: each entry's
 * config and layers are found by path, never trusting file names to be digests, nor member order.
 *
 * <p>An archive holds no manifest, so one is made: an OCI manifest whose config is the config as it is (OCI
 * config type) and whose layers are the layer files as they are, uncompressed ({@code tar}, digest = diffID,
 * taken from the config and verified by whoever copies the blob) or compressed (gzip/zstd, hashed and checked
 * against the diffID here). This is what Docker 25+ itself writes for its archives; the bytes are
 * deterministic, so the same archive always gives the same image digest. When the archive carries an OCI
 * layout beside {@code manifest.json} (Docker 25+) and a manifest there matches, that manifest is used as it
 * is, so its digest is preserved.
 */
public final class DockerArchiveSource implements ImageSource {
    private static final long JSON_LIMIT = 64L * 1024 * 1024;
    private static final long CANDIDATE_LIMIT = 4L * 1024 * 1024;

    private final ArchiveContents archive;
    private final List<ArchiveImage> images = new ArrayList<>();
    private final Map<Digest, ArchiveContents.Member> blobs = new HashMap<>();

    /** One image of the archive, with the manifest made (or found) for it. */
    private record ArchiveImage(Descriptor manifest, byte[] manifestBytes, List<String> repoTags) {
    }

    private DockerArchiveSource(ArchiveContents archive) {
        this.archive = archive;
    }

    /** Reads {@code manifest.json} and every config; the archive is closed with the source. */
    public static DockerArchiveSource open(ArchiveContents archive) throws IOException {
        DockerArchiveSource source = new DockerArchiveSource(archive);
        try {
            source.load();
            return source;
        } catch (IOException | RuntimeException e) {
            archive.close();
            throw e;
        }
    }

    private void load() throws IOException {
        ArchiveContents.Member manifestJson = archive.find("manifest.json").orElseThrow(() ->
                new LaminaException(description() + ": no manifest.json (not a docker-archive)"));
        ArchiveManifest manifest = ArchiveManifest.parse(archive.read(manifestJson, JSON_LIMIT),
                "manifest.json in " + description());
        Map<Digest, List<Candidate>> candidates = candidates();
        for (ArchiveManifest.Entry entry : manifest.entries()) {
            images.add(image(entry, candidates));
        }
    }

    private ArchiveImage image(ArchiveManifest.Entry entry, Map<Digest, List<Candidate>> candidates)
            throws IOException {
        ArchiveContents.Member configMember = member(entry.config(), "config");
        byte[] configBytes = archive.read(configMember, JSON_LIMIT);
        Digest configDigest = Digest.sha256(configBytes);
        List<Digest> diffIds = ImageConfig.parse(configBytes, "config " + entry.config() + " in " + description())
                .diffIds();
        if (diffIds.size() != entry.layers().size()) {
            throw new LaminaException(description() + ": image " + entry.config() + " lists " + entry.layers().size()
                    + " layers but its config has " + diffIds.size() + " diff_ids");
        }
        blobs.put(configDigest, configMember);
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            layers.add(layer(entry.layers().get(i), diffIds.get(i)));
        }
        for (Candidate c : candidates.getOrDefault(configDigest, List.of())) {
            if (c.manifest().layers().stream().map(Descriptor::digest).toList()
                    .equals(layers.stream().map(Descriptor::digest).toList())) {
                return new ArchiveImage(c.descriptor(), c.bytes(), entry.repoTags());
            }
        }
        byte[] bytes = Manifest.of(MediaType.OCI_MANIFEST,
                new Descriptor(MediaType.OCI_CONFIG, configDigest, configBytes.length), layers).toBytes();
        return new ArchiveImage(new Descriptor(MediaType.OCI_MANIFEST, Digest.sha256(bytes), bytes.length), bytes,
                entry.repoTags());
    }

    /** A layer file as a blob: as it is, its compression detected from its first bytes. */
    private Descriptor layer(String path, Digest diffId) throws IOException {
        ArchiveContents.Member member = member(path, "layer");
        Compression compression;
        try (InputStream in = archive.open(member)) {
            byte[] head = in.readNBytes(Compression.magicLength());
            compression = Compression.detect(head, head.length);
        }
        Digest digest;
        if (compression == Compression.NONE) {
            digest = member.digest().orElse(diffId);
            if (!digest.equals(diffId)) {
                throw mismatch(path, digest, diffId);
            }
        } else {
            digest = hashCompressed(member, path, diffId);
        }
        blobs.put(digest, member);
        return new Descriptor(MediaType.ociLayer(compression), digest, member.size());
    }

    /** One pass over a compressed layer: its digest, and its diffID checked against the config's. */
    private Digest hashCompressed(ArchiveContents.Member member, String path, Digest diffId) throws IOException {
        try (DigestingInputStream raw = new DigestingInputStream(archive.open(member));
                DigestingInputStream tar = new DigestingInputStream(Decompressors.openLayer(raw).content())) {
            tar.transferTo(java.io.OutputStream.nullOutputStream());
            raw.transferTo(java.io.OutputStream.nullOutputStream());
            if (!tar.digest().equals(diffId)) {
                throw mismatch(path, tar.digest(), diffId);
            }
            return member.digest().orElseGet(raw::digest);
        }
    }

    private LaminaException mismatch(String path, Digest actual, Digest diffId) {
        return new LaminaException(description() + ": layer " + path + " holds " + actual
                + ", but the config's diff_id is " + diffId);
    }

    private ArchiveContents.Member member(String path, String what) {
        return archive.find(path).orElseThrow(() -> new LaminaException(description() + ": manifest.json names "
                + what + " " + path + ", which is not in the archive"));
    }

    /** A manifest found in an OCI layout inside the archive (Docker 25+). */
    private record Candidate(Descriptor descriptor, byte[] bytes, Manifest manifest) {
    }

    /** Manifests of the OCI layout inside the archive, if any, by config digest. */
    private Map<Digest, List<Candidate>> candidates() throws IOException {
        Map<Digest, List<Candidate>> found = new HashMap<>();
        for (ArchiveContents.Member member : archive.members()) {
            String name = member.name();
            if (!name.startsWith("blobs/sha256/") || member.size() > CANDIDATE_LIMIT || !Digest.isValid(
                    "sha256:" + name.substring("blobs/sha256/".length()))) {
                continue;
            }
            byte[] bytes = archive.read(member, CANDIDATE_LIMIT);
            Optional<MediaType> type = Json.sniffMediaType(bytes);
            if (type.isEmpty() || !type.get().isManifest() || type.get().isSchema1()) {
                continue;
            }
            try {
                Manifest manifest = Manifest.parse(bytes, name);
                Descriptor descriptor = new Descriptor(type.get(), Digest.sha256(bytes), bytes.length);
                found.computeIfAbsent(manifest.config().digest(), d -> new ArrayList<>())
                        .add(new Candidate(descriptor, bytes, manifest));
            } catch (LaminaException e) {
                // not a manifest after all
            }
        }
        return found;
    }

    @Override
    public String description() {
        return archive.description();
    }

    @Override
    public List<NamedImage> images() {
        return images.stream().map(i -> new NamedImage(i.manifest(), i.repoTags())).toList();
    }

    @Override
    public Descriptor resolve(Optional<String> name) {
        if (name.isEmpty()) {
            if (images.size() == 1) {
                return images.get(0).manifest();
            }
            throw new LaminaException(description() + " holds " + images.size() + " images: name one ("
                    + known() + ")");
        }
        String wanted = name.get();
        if (wanted.matches("@[0-9]+")) {
            int index = Integer.parseInt(wanted.substring(1));
            if (index >= images.size()) {
                throw new NotFoundException(description() + ": there is no image @" + index + ", only "
                        + images.size());
            }
            return images.get(index).manifest();
        }
        String normal = normalise(wanted);
        for (ArchiveImage image : images) {
            for (String tag : image.repoTags()) {
                if (tag.equals(wanted) || normalise(tag).equals(normal)) {
                    return image.manifest();
                }
            }
        }
        throw new NotFoundException(description() + ": no image tagged \"" + wanted + "\" (it has: " + known() + ")");
    }

    @Override
    public byte[] readManifest(Descriptor descriptor) {
        return images.stream().filter(i -> i.manifest().digest().equals(descriptor.digest())).findFirst()
                .map(ArchiveImage::manifestBytes)
                .orElseThrow(() -> new NotFoundException(description() + ": no manifest " + descriptor.digest()));
    }

    @Override
    public InputStream openBlob(Descriptor descriptor, long offset) throws IOException {
        ArchiveContents.Member member = blobs.get(descriptor.digest());
        if (member == null) {
            throw new NotFoundException(description() + ": no blob " + descriptor.digest());
        }
        InputStream in = archive.open(member);
        in.skipNBytes(offset);
        return in;
    }

    @Override
    public void close() throws IOException {
        archive.close();
    }

    private String known() {
        String tags = images.stream().flatMap(i -> i.repoTags().stream()).collect(Collectors.joining(", "));
        return tags.isEmpty() ? images.size() + " untagged image(s); pick one as @0, @1, …" : tags;
    }

    private static String normalise(String reference) {
        try {
            return ImageReference.parse(reference).toString();
        } catch (LaminaException e) {
            return reference;
        }
    }
}
