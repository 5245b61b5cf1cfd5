package dev.lamina.cli;

import dev.lamina.image.Platform;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.testing.TestImages;
import java.io.IOException;
import java.nio.file.Path;

/** The small two-layer image the command tests start from, named {@value #NAME} in a store. */
final class AppImage {
    static final String NAME = "localhost:5000/team/app:1.0";

    private AppImage() {
    }

    /** Writes the image into the store at {@code root} under {@link #NAME}. */
    static TestImages.Image seed(Path root) throws IOException {
        TestImages.Image app = TestImages.image(Platform.host(), TestImages.files("etc/app.conf", "x=1\n"),
                TestImages.files("usr/bin/app", "#!/bin/sh\necho hi\n"));
        try (StoreDestination destination = new StoreDestination(Store.open(root))) {
            TestImages.write(app, destination);
            destination.tag(app.manifest(), NAME);
            destination.commit();
        }
        return app;
    }
}
