package dev.lamina.tarball.archive;

import dev.lamina.tarball.io.Streams;
import dev.lamina.tarball.tar.TarWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Where an archive being written goes. A file appears only when complete: it is written beside its final
 * name and renamed on commit, and removed if the write fails. A stream (stdout, a pipe, a device) is written
 * as the archive is produced; a failure there leaves what was written, and the error says so.
 */
public final class ArchiveOutput implements AutoCloseable {
    private static final int BUFFER = 1 << 18;

    private final OutputStream stream;
    private final Optional<Path> temp;
    private final Optional<Path> target;
    private final FileChannel channel;
    private boolean committed;

    private ArchiveOutput(OutputStream stream, Optional<Path> temp, Optional<Path> target, FileChannel channel) {
        this.stream = stream;
        this.temp = temp;
        this.target = target;
        this.channel = channel;
    }

    /** A file, written through a temporary one; a path that is a device or pipe is written directly. */
    public static ArchiveOutput toFile(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            return toStream(Files.newOutputStream(file), true);
        }
        Path absolute = file.toAbsolutePath();
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + ".lamina-" + ProcessHandle.current().pid()
                + ".tmp");
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        return new ArchiveOutput(new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER),
                Optional.of(temp), Optional.of(absolute), channel);
    }

    /** A stream; closed on commit only when {@code owned}. */
    public static ArchiveOutput toStream(OutputStream out, boolean owned) {
        OutputStream buffered = new BufferedOutputStream(owned ? out : Streams.unclosable(out), BUFFER);
        return new ArchiveOutput(buffered, Optional.empty(), Optional.empty(), null);
    }

    public OutputStream stream() {
        return stream;
    }

    /**
     * For a file: how to rewrite bytes already written (the buffer is flushed first, so that it cannot write over
     * the patch later). A stream cannot go back: empty.
     */
    public Optional<TarWriter.Patcher> patcher() {
        if (channel == null) {
            return Optional.empty();
        }
        return Optional.of((position, bytes) -> {
            stream.flush();
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            for (long at = position; buffer.hasRemaining(); ) {
                at += channel.write(buffer, at);
            }
        });
    }

    /** Where the archive goes, for messages. */
    public String describe() {
        return target.map(Path::toString).orElse("the output stream");
    }

    /** The archive is complete: flush, sync, and give the file its name. */
    public void commit() throws IOException {
        stream.flush();
        if (channel != null) {
            channel.force(true);
        }
        stream.close();
        if (temp.isPresent()) {
            Files.move(temp.get(), target.get(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        committed = true;
    }

    /** Something that writes through an output and may fail before owning it. */
    @FunctionalInterface
    public interface Opener<T> {
        T open() throws IOException;
    }

    /** Opens what writes to this output; if that fails, the output is closed (a partial file removed). */
    public <T> T openOrClose(Opener<T> opener) throws IOException {
        try {
            return opener.open();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Removes the partial file unless committed. */
    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        try {
            stream.close();
        } catch (IOException e) {
            // the write already failed; removing the partial file is what matters
        }
        if (temp.isPresent()) {
            Files.deleteIfExists(temp.get());
        }
    }
}
