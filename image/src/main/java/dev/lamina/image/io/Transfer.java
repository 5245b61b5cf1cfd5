package dev.lamina.image.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Moves a stream's bytes to another in large steps. Each step passes through several streams (progress, digest,
 * buffers, a channel), and in a command that starts cold those run in the interpreter for the first tens of
 * megabytes: {@link InputStream#transferTo}'s 8 KiB steps make a 63 MB blob 7,700 trips, these 240. The buffered
 * streams lamina reads and writes pass a step this large straight through, without copying it into their buffers.
 */
public final class Transfer {
    /** The step: larger than any stream buffer on the way, small enough to stay in the CPU's caches. */
    public static final int STEP = 1 << 18;

    private Transfer() {
    }

    /** Copies {@code in} to its end into {@code out}; returns the number of bytes copied. Neither is closed. */
    public static long copy(InputStream in, OutputStream out) throws IOException {
        return copy(in, out, new byte[STEP]);
    }

    /** The same through the caller's {@code buffer}, for a caller that copies many small streams. */
    public static long copy(InputStream in, OutputStream out, byte[] buffer) throws IOException {
        long copied = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            copied += n;
        }
        return copied;
    }
}
