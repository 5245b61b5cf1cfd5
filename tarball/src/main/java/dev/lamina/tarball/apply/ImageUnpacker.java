package dev.lamina.tarball.apply;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.ImageSource;
import dev.lamina.image.io.VerifyingInputStream;
import dev.lamina.tarball.inspect.ImageLayer;
import dev.lamina.tarball.inspect.LayeredImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Materialises an image's root filesystem: its layers applied in order with {@link LayerApplier}, each blob
 * checked against its digest and its tar against the config's diffID as it streams (a mismatch fails the
 * unpack once the layer has been read, naming the layer).
 */
public final class ImageUnpacker {
    private final ApplyOptions options;

    public ImageUnpacker(ApplyOptions options) {
        this.options = options;
    }

    /** Reports each layer as it starts. */
    @FunctionalInterface
    public interface Progress {
        void layer(int index, int count, Descriptor layer);
    }

    public List<AppliedLayer> unpack(ImageSource source, Descriptor topLevel, Platform platform, Path root,
            Progress progress) throws IOException {
        List<ImageLayer> layers = LayeredImage.resolve(source, topLevel, platform).layers();
        LayerApplier applier = new LayerApplier(root, options);
        List<AppliedLayer> applied = new ArrayList<>();
        for (ImageLayer imageLayer : layers) {
            Descriptor layer = imageLayer.descriptor();
            progress.layer(imageLayer.index() + 1, layers.size(), layer);
            String what = "layer " + layer.digest() + " of " + source.description();
            try (VerifyingInputStream blob = new VerifyingInputStream(source.openBlob(layer, 0), layer.digest(),
                    layer.size(), what)) {
                AppliedLayer result = applier.apply(blob, what);
                blob.drain();
                if (!result.diffId().equals(imageLayer.diffId())) {
                    throw new ApplyException(what + ": its content is " + result.diffId()
                            + ", but the config's diff_id is " + imageLayer.diffId());
                }
                applied.add(result);
            }
        }
        return applied;
    }
}
