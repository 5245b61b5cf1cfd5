package dev.lamina.image.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** A value that writes itself as one JSON value: how each typed document says what its bytes are. */
@FunctionalInterface
public interface JsonWritable {
    void writeJson(JsonGenerator out) throws IOException;
}
