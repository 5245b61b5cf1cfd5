package dev.lamina.tarball.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Small stream adapters the layer and archive code shares. */
public final class Streams {
    private Streams() {
    }

    /** Passes writes to {@code out}; closing only flushes it (the caller still owns {@code out}). */
    public static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }

    /** {@link InputStream#read()} for a stream that implements only the bulk read. */
    public static int readByte(InputStream in) throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = in.read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }
}
