package dev.lamina.builder.run;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Receives a command's output as it is produced. Each stream is delivered in order from its own thread, so
 * the two methods may be called concurrently; {@code bytes} is only valid during the call.
 */
public interface OutputSink {
    void stdout(byte[] bytes, int offset, int length);

    void stderr(byte[] bytes, int offset, int length);

    /** Drops everything. */
    static OutputSink discard() {
        return to(OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
    }

    /** Writes each stream to its own output stream, flushed after every chunk so that progress shows. */
    static OutputSink to(OutputStream out, OutputStream err) {
        return new OutputSink() {
            @Override
            public void stdout(byte[] bytes, int offset, int length) {
                write(out, bytes, offset, length);
            }

            @Override
            public void stderr(byte[] bytes, int offset, int length) {
                write(err, bytes, offset, length);
            }

            private void write(OutputStream stream, byte[] bytes, int offset, int length) {
                try {
                    stream.write(bytes, offset, length);
                    stream.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
