package dev.lamina.builder.fs;

import dev.lamina.image.Digest;
import dev.lamina.image.io.DigestingOutputStream;
import dev.lamina.image.io.TempNames;
import dev.lamina.image.store.Store;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * File contents held for a layer being written, when they come from a stream that cannot be read again in the
 * layer's order (another stage's layers, an archive, a download): appended to one temporary file in the store's
 * ingest directory (the same filesystem as the blobs; cleared by garbage collection should lamina die), read back
 * by range, removed on {@link #close()}.
 */
public final class ContentSpool implements Closeable {
    private final Path file;
    private final FileChannel channel;
    private final OutputStream out;

    /** A stored piece: where it is and what it is. */
    public record Range(long offset, long length, Digest digest) {
    }

    public ContentSpool(Store store) throws IOException {
        this.file = store.paths().ingest().resolve(TempNames.unique() + ".spool");
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        this.out = Channels.newOutputStream(channel);
    }

    /** Appends all of {@code content}, hashing it on the way. */
    public Range append(InputStream content) throws IOException {
        long start = channel.position();
        DigestingOutputStream digesting = new DigestingOutputStream(new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }
        });
        content.transferTo(digesting);
        digesting.flush();
        return new Range(start, digesting.count(), digesting.digest());
    }

    public InputStream open(Range range) {
        return new RangeStream(channel, range.offset(), range.length());
    }

    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A window of the spool file, read with positional reads (several may be open at once). */
    private static final class RangeStream extends InputStream {
        private final FileChannel channel;
        private long position;
        private long remaining;

        RangeStream(FileChannel channel, long position, long length) {
            this.channel = channel;
            this.position = position;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), position);
            if (n < 0) {
                throw new IOException("the content spool ended early");
            }
            position += n;
            remaining -= n;
            return n;
        }
    }
}
