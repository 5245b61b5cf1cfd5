package dev.lamina.builder.copy;

import java.io.IOException;
import java.io.InputStream;

/** Where a file's bytes come from when its layer is written: opened once, at that moment. */
@FunctionalInterface
interface Content {
    InputStream open() throws IOException;
}
