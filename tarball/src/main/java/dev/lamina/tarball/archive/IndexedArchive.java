package dev.lamina.tarball.archive;

import dev.lamina.tarball.io.Streams;
import dev.lamina.tarball.tar.TarFormatException;
import dev.lamina.tarball.tar.TarReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An uncompressed archive file read in place: one pass over the headers (content is skipped by seeking)
 * records where each member's bytes are; members are then read with positional reads, from several threads
 * at once if need be. Nothing is copied or spooled.
 */
public final class IndexedArchive implements ArchiveContents {
    private final String description;
    private final FileChannel channel;
    private final Map<String, Located> members = new LinkedHashMap<>();
    private final MemberLinks links = new MemberLinks();

    private record Located(Member member, long offset) {
    }

    private IndexedArchive(String description, FileChannel channel) {
        this.description = description;
        this.channel = channel;
    }

    public static IndexedArchive open(Path file, String description) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            IndexedArchive archive = new IndexedArchive(description, channel);
            archive.index();
            return archive;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void index() throws IOException {
        long fileSize = channel.size();
        // the channel's stream seeks on skip, so content is never read here
        TarReader reader = new TarReader(Channels.newInputStream(channel.position(0)));
        links.scan(reader, description, (name, entry) -> {
            if (reader.contentOffset() + entry.size() > fileSize) {
                throw new TarFormatException("truncated: member \"" + entry.name() + "\" declares "
                        + entry.size() + " bytes, the file ends before");
            }
            members.put(name, new Located(new Member(name, entry.size(), Optional.empty()), reader.contentOffset()));
        });
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Optional<Member> find(String name) {
        return links.follow(ArchiveContents.normalise(name)).map(members::get).map(Located::member);
    }

    @Override
    public List<Member> members() {
        List<Member> list = new ArrayList<>();
        members.values().forEach(l -> list.add(l.member()));
        return list;
    }

    @Override
    public InputStream open(Member member) throws IOException {
        Located located = members.get(member.name());
        if (located == null) {
            throw new IllegalArgumentException(member.name() + " is not a member of " + description);
        }
        // buffered: copies read in 8 KiB steps, and each unbuffered step would be a system call
        return new BufferedInputStream(new PositionalStream(channel, located.offset(), member.size()), 1 << 17);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Reads a slice of the file with positional reads, so several can be open at once. */
    private static final class PositionalStream extends InputStream {
        private final FileChannel channel;
        private long position;
        private final long end;

        PositionalStream(FileChannel channel, long offset, long size) {
            this.channel = channel;
            this.position = offset;
            this.end = offset + size;
        }

        @Override
        public int read() throws IOException {
            return Streams.readByte(this);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= end) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
            if (n < 0) {
                throw new TarFormatException("the archive ended inside a member");
            }
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, end - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }
    }
}
