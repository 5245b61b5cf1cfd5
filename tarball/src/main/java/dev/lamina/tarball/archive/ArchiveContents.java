package dev.lamina.tarball.archive;

import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The regular-file members of an image archive (a docker-archive or oci-archive tar), by name, wherever they
 * are kept: read in place from a seekable file, or spooled from a stream. Names are normalised (no leading
 * {@code ./}); links inside the archive are followed, within the archive.
 */
public interface ArchiveContents extends Closeable {
    /** How the archive is named in messages. */
    String description();

    /** The regular file {@code name} leads to, following the archive's own symlinks and hardlinks. */
    Optional<Member> find(String name);

    /** Every regular-file member. */
    List<Member> members();

    /** The member's bytes, from the start. Safe to call from several threads at once. */
    InputStream open(Member member) throws IOException;

    /** A small member (JSON) read whole; {@code limit} guards against a hostile size. */
    default byte[] read(Member member, long limit) throws IOException {
        if (member.size() > limit) {
            throw new LaminaException(description() + ": " + member.name() + " is implausibly large ("
                    + member.size() + " bytes)");
        }
        try (InputStream in = open(member)) {
            return in.readAllBytes();
        }
    }

    /**
     * A regular file of the archive. The digest is known when the member was spooled (hashed on the way);
     * a member read in place is not hashed until someone reads it.
     */
    record Member(String name, long size, Optional<Digest> digest) {
    }

    /** Normalises a member name or a path that names one: no {@code ./}, no trailing slash. */
    static String normalise(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }
}
