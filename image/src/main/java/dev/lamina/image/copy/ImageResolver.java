package dev.lamina.image.copy;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.NotFoundException;
import dev.lamina.image.Platform;
import dev.lamina.image.io.VerifyingInputStream;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.json.ImageIndex;
import dev.lamina.image.json.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Derives what every consumer needs from any {@link ImageSource}: the manifest for a platform (through
 * nested indexes), the manifest and config as typed views of their verified bytes.
 */
public final class ImageResolver {
    private static final long CONFIG_LIMIT = 64L * 1024 * 1024;
    private static final int MAX_INDEX_DEPTH = 8;

    private final ImageSource source;

    public ImageResolver(ImageSource source) {
        this.source = source;
    }

    /** A single-platform image with its parsed manifest and config. */
    public record ResolvedImage(Descriptor manifestDescriptor, byte[] manifestBytes, Manifest manifest,
            byte[] configBytes, ImageConfig config) {
    }

    /** Resolves a top-level descriptor to the image for {@code platform}, reading manifest and config. */
    public ResolvedImage resolve(Descriptor topLevel, Platform platform) throws IOException {
        Descriptor manifestDescriptor = manifestFor(topLevel, platform);
        byte[] manifestBytes = source.readManifest(manifestDescriptor);
        Manifest manifest = Manifest.parse(manifestBytes, "manifest " + manifestDescriptor.digest() + " in "
                + source.description());
        byte[] configBytes = readConfig(manifest.config());
        ImageConfig config = ImageConfig.parse(configBytes, "image config " + manifest.config().digest() + " in "
                + source.description());
        return new ResolvedImage(manifestDescriptor, manifestBytes, manifest, configBytes, config);
    }

    /** Follows indexes (nested ones too) to the manifest that best suits {@code platform}. */
    public Descriptor manifestFor(Descriptor topLevel, Platform platform) throws IOException {
        Descriptor current = topLevel;
        for (int depth = 0; depth < MAX_INDEX_DEPTH; depth++) {
            if (!isIndex(current)) {
                return current;
            }
            ImageIndex index = ImageIndex.parse(source.readManifest(current), "index " + current.digest() + " in "
                    + source.description());
            List<Descriptor> children = index.manifests();
            // as containerd matches: a child that declares no platform suits any (hand-made and nested indexes)
            Descriptor chosen = platform.best(children, Descriptor::platform)
                    .or(() -> children.stream().filter(d -> d.platform().isEmpty() || isIndex(d)).findFirst())
                    .orElseThrow(() -> new NotFoundException("no image for " + platform + " in " + source.description()
                            + " (it has " + describePlatforms(children) + ")"));
            current = chosen;
        }
        throw new LaminaException("indexes nested more than " + MAX_INDEX_DEPTH + " deep in " + source.description());
    }

    /** The config digest for the host platform: the image ID Docker shows. */
    public Digest configDigest(Descriptor topLevel) throws IOException {
        Descriptor manifestDescriptor = manifestFor(topLevel, Platform.host());
        Manifest manifest = Manifest.parse(source.readManifest(manifestDescriptor), "manifest "
                + manifestDescriptor.digest() + " in " + source.description());
        return manifest.config().digest();
    }

    /** Reads a config blob whole, verifying it. */
    public byte[] readConfig(Descriptor config) throws IOException {
        if (config.size() > CONFIG_LIMIT) {
            throw new LaminaException("image config " + config.digest() + " in " + source.description()
                    + " is implausibly large (" + config.size() + " bytes)");
        }
        try (InputStream in = new VerifyingInputStream(source.openBlob(config, 0), config.digest(), config.size(),
                "image config " + config.digest() + " in " + source.description())) {
            return in.readAllBytes();
        }
    }

    /** True for an index, judged by the descriptor and, when it says nothing useful, by the content. */
    static boolean isIndex(Descriptor d) {
        return d.mediaType().isIndex();
    }

    private static String describePlatforms(List<Descriptor> children) {
        String platforms = children.stream()
                .map(d -> d.platform().map(Platform::toString).orElse("unknown"))
                .distinct()
                .collect(Collectors.joining(", "));
        return platforms.isEmpty() ? "no images" : platforms;
    }
}
