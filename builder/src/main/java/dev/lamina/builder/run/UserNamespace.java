package dev.lamina.builder.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The user namespace a rootless step runs in: the caller is root inside, and when {@code /etc/subuid} and
 * {@code /etc/subgid} grant it subordinate ids, those follow as ids 1, 2, … so that files of other owners
 * in an image keep distinct owners. Subordinate ids can only be mapped by the setuid {@code newuidmap} and
 * {@code newgidmap}; a map of the caller alone the helper writes itself.
 *
 * @param mappers {@code newuidmap} and {@code newgidmap}, when the maps need them
 */
public record UserNamespace(List<IdMapping> uids, List<IdMapping> gids, Optional<Mappers> mappers) {
    public record Mappers(Path newuidmap, Path newgidmap) {
    }

    private static final Path SUBUID = Path.of("/etc/subuid");
    private static final Path SUBGID = Path.of("/etc/subgid");

    public UserNamespace {
        uids = List.copyOf(uids);
        gids = List.copyOf(gids);
    }

    /** The owner a file of host uid {@code host} has inside the namespace: the kernel's overflow id if unmapped. */
    public long containerUid(long host) {
        return inside(uids, host);
    }

    /** As {@link #containerUid}, for groups. */
    public long containerGid(long host) {
        return inside(gids, host);
    }

    private static long inside(List<IdMapping> mappings, long host) {
        for (IdMapping mapping : mappings) {
            java.util.OptionalLong id = mapping.inside(host);
            if (id.isPresent()) {
                return id.getAsLong();
            }
        }
        return OVERFLOW_ID;
    }

    /** What the kernel shows for an id the namespace does not map ({@code /proc/sys/kernel/overflowuid}). */
    static final long OVERFLOW_ID = 65534;

    /** The namespace for the calling user, from this host's files and tools. */
    public static UserNamespace forCaller(long uid, long gid, String userName) {
        return forCaller(uid, gid, userName, read(SUBUID), read(SUBGID),
                tool("newuidmap").flatMap(u -> tool("newgidmap").map(g -> new Mappers(u, g))));
    }

    static UserNamespace forCaller(long uid, long gid, String userName, String subuid, String subgid,
            Optional<Mappers> tools) {
        List<IdMapping> uidRanges = subordinate(subuid, userName, uid);
        List<IdMapping> gidRanges = subordinate(subgid, userName, uid);
        IdMapping self = new IdMapping(0, uid, 1);
        IdMapping selfGroup = new IdMapping(0, gid, 1);
        if (uidRanges.isEmpty() || gidRanges.isEmpty() || tools.isEmpty()) {
            return new UserNamespace(List.of(self), List.of(selfGroup), Optional.empty());
        }
        return new UserNamespace(concat(self, uidRanges), concat(selfGroup, gidRanges), tools);
    }

    /** One caller's ranges in a subuid-style file ({@code name-or-uid:start:count} lines), placed from id 1. */
    static List<IdMapping> subordinate(String file, String userName, long uid) {
        List<IdMapping> ranges = new ArrayList<>();
        long next = 1;
        for (String line : file.split("\n")) {
            String[] fields = line.strip().split(":");
            if (fields.length != 3 || !(fields[0].equals(userName) || fields[0].equals(Long.toString(uid)))) {
                continue;
            }
            try {
                long start = Long.parseLong(fields[1]);
                long count = Long.parseLong(fields[2]);
                if (count > 0) {
                    ranges.add(new IdMapping(next, start, count));
                    next += count;
                }
            } catch (NumberFormatException e) {
                // newuidmap would refuse the line too
            }
        }
        return ranges;
    }

    private static List<IdMapping> concat(IdMapping first, List<IdMapping> rest) {
        List<IdMapping> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static Optional<Path> tool(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
