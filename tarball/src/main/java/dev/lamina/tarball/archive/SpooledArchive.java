package dev.lamina.tarball.archive;

import dev.lamina.image.Digest;
import dev.lamina.tarball.tar.TarReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An archive read once from a stream (a pipe, or a compressed file): small members (the JSON documents) are
 * kept in memory, large ones go to a {@link Spool} and are hashed on the way. Members may come in any order;
 * only what must be kept is kept, once.
 */
public final class SpooledArchive implements ArchiveContents {
    /** Members up to this size stay in memory: every manifest, config and index in practice. */
    static final long IN_MEMORY_LIMIT = 1 << 20;

    private final String description;
    private final Spool spool;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, byte[]> small = new HashMap<>();
    private final MemberLinks links = new MemberLinks();

    private SpooledArchive(String description, Spool spool) {
        this.description = description;
        this.spool = spool;
    }

    /** Reads the whole (uncompressed) tar stream. The spool is closed with the archive. */
    public static SpooledArchive read(InputStream tar, Spool spool, String description) throws IOException {
        SpooledArchive archive = new SpooledArchive(description, spool);
        try {
            archive.scan(tar);
            return archive;
        } catch (IOException | RuntimeException e) {
            archive.close();
            throw e;
        }
    }

    private void scan(InputStream tar) throws IOException {
        TarReader reader = new TarReader(tar);
        links.scan(reader, description, (name, entry) -> {
            if (entry.size() <= IN_MEMORY_LIMIT) {
                byte[] bytes = reader.content().readAllBytes();
                small.put(name, bytes);
                members.put(name, new Member(name, bytes.length, Optional.of(Digest.sha256(bytes))));
            } else {
                Spool.Spooled spooled = spool.put(reader.content());
                members.put(name, new Member(name, spooled.size(), Optional.of(spooled.digest())));
            }
        });
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Optional<Member> find(String name) {
        return links.follow(ArchiveContents.normalise(name)).map(members::get);
    }

    @Override
    public List<Member> members() {
        return new ArrayList<>(members.values());
    }

    @Override
    public InputStream open(Member member) throws IOException {
        byte[] bytes = small.get(member.name());
        if (bytes != null) {
            return new ByteArrayInputStream(bytes);
        }
        return spool.open(member.digest().orElseThrow());
    }

    @Override
    public void close() throws IOException {
        spool.close();
    }
}
