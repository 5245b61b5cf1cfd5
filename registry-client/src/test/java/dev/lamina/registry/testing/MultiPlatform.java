package dev.lamina.registry.testing;

import dev.lamina.image.Platform;
import dev.lamina.image.testing.TestImages;
import java.util.LinkedHashMap;
import java.util.Map;

/** The multi-platform image the registry tests push and pull: one small image per platform. */
public final class MultiPlatform {
    public static final Platform AMD64 = Platform.parse("linux/amd64");
    public static final Platform ARM64 = Platform.parse("linux/arm64");

    private MultiPlatform() {
    }

    /** linux/amd64 and linux/arm64, in that order, each with one layer naming its architecture. */
    public static Map<Platform, TestImages.Image> amd64AndArm64() {
        Map<Platform, TestImages.Image> images = new LinkedHashMap<>();
        images.put(AMD64, TestImages.image(AMD64, TestImages.files("arch", "amd64")));
        images.put(ARM64, TestImages.image(ARM64, TestImages.files("arch", "arm64")));
        return images;
    }
}
