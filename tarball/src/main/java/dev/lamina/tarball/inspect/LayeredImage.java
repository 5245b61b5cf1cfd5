package dev.lamina.tarball.inspect;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.ImageResolver;
import dev.lamina.image.copy.ImageSource;
import dev.lamina.image.json.History;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An image resolved for inspection, straight from any {@link ImageSource} (nothing is imported): its manifest
 * and config, its layers each with the history entry that made it, and the history with the layer of each step.
 * Non-empty history entries are matched to layers in order, as Docker matches them.
 */
public record LayeredImage(ImageSource source, ImageResolver.ResolvedImage image, List<ImageLayer> layers,
        List<HistoryEntry> history) {
    public LayeredImage {
        layers = List.copyOf(layers);
        history = List.copyOf(history);
    }

    /** Resolves {@code topLevel} (a manifest or an index) to the image for {@code platform}. */
    public static LayeredImage resolve(ImageSource source, Descriptor topLevel, Platform platform) throws IOException {
        ImageResolver.ResolvedImage image = new ImageResolver(source).resolve(topLevel, platform);
        List<Descriptor> blobs = image.manifest().layers();
        List<Digest> diffIds = image.config().diffIds();
        if (diffIds.size() != blobs.size()) {
            throw new LaminaException("image " + image.manifestDescriptor().digest() + " in " + source.description()
                    + ": " + blobs.size() + " layers but " + diffIds.size() + " diff_ids in its config");
        }
        List<History> steps = image.config().history();
        List<ImageLayer> layers = new ArrayList<>();
        List<HistoryEntry> history = new ArrayList<>();
        int next = 0;
        for (History step : steps) {
            if (step.emptyLayer() || next == blobs.size()) {
                history.add(new HistoryEntry(step, Optional.empty()));
                continue;
            }
            ImageLayer layer = new ImageLayer(next, blobs.get(next), diffIds.get(next), Optional.of(step));
            layers.add(layer);
            history.add(new HistoryEntry(step, Optional.of(layer)));
            next++;
        }
        for (; next < blobs.size(); next++) {
            ImageLayer layer = new ImageLayer(next, blobs.get(next), diffIds.get(next), Optional.empty());
            layers.add(layer);
            history.add(new HistoryEntry(new History("", "", "", "", false), Optional.of(layer)));
        }
        return new LayeredImage(source, image, layers, history);
    }

    /** The image ID: the config digest, as Docker shows it. */
    public Digest id() {
        return image.manifest().config().digest();
    }

    /** Names the image in messages: the manifest digest and where it was read. */
    public String description() {
        return "image " + image.manifestDescriptor().digest() + " in " + source.description();
    }
}
