package dev.lamina.builder.run;

import dev.lamina.image.LaminaException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns {@code USER} into ids the way Docker and BuildKit do: a name must exist in the root's
 * {@code /etc/passwd}; a number need not (its group is then 0); {@code :group} takes a name from
 * {@code /etc/group} or a number, and replaces the supplementary groups; without it, the supplementary
 * groups are those listing the user's name as a member.
 */
public final class UserResolver {
    private record PasswdEntry(String name, int uid, int gid, String home) {
    }

    private record GroupEntry(String name, int gid, List<String> members) {
    }

    private UserResolver() {
    }

    public static ResolvedUser resolve(String spec, RootView root) {
        int colon = spec.indexOf(':');
        String userPart = colon < 0 ? spec : spec.substring(0, colon);
        Optional<String> groupPart = colon < 0 ? Optional.empty() : Optional.of(spec.substring(colon + 1));
        if (userPart.isEmpty()) {
            userPart = "0";
        }
        List<PasswdEntry> passwd = passwd(root);
        Optional<PasswdEntry> entry;
        int uid;
        if (isId(userPart)) {
            uid = parseId(userPart, "user");
            entry = passwd.stream().filter(e -> e.uid() == uid).findFirst();
        } else {
            String name = userPart;
            entry = passwd.stream().filter(e -> e.name().equals(name)).findFirst();
            uid = entry.orElseThrow(() -> new LaminaException(
                    "unable to find user " + name + ": no matching entries in passwd file")).uid();
        }
        String home = entry.map(PasswdEntry::home).filter(h -> !h.isEmpty()).orElse("/");
        if (groupPart.isPresent()) {
            return new ResolvedUser(uid, group(groupPart.get(), root), List.of(), home);
        }
        int gid = entry.map(PasswdEntry::gid).orElse(0);
        List<Integer> supplementary = entry.map(e -> groups(root).stream()
                .filter(g -> g.members().contains(e.name()))
                .map(GroupEntry::gid)
                .distinct()
                .toList()).orElse(List.of());
        return new ResolvedUser(uid, gid, supplementary, home);
    }

    private static int group(String spec, RootView root) {
        if (spec.isEmpty()) {
            throw new LaminaException("invalid USER: the group after ':' is empty");
        }
        if (isId(spec)) {
            return parseId(spec, "group");
        }
        return groups(root).stream().filter(g -> g.name().equals(spec)).findFirst()
                .orElseThrow(() -> new LaminaException("unable to find group " + spec
                        + ": no matching entries in group file"))
                .gid();
    }

    private static List<PasswdEntry> passwd(RootView root) {
        List<PasswdEntry> entries = new ArrayList<>();
        for (String[] fields : records(root, "/etc/passwd")) {
            if (fields.length >= 4 && isId(fields[2]) && isId(fields[3])) {
                entries.add(new PasswdEntry(fields[0], parseId(fields[2], "user"), parseId(fields[3], "group"),
                        fields.length > 5 ? fields[5] : ""));
            }
        }
        return entries;
    }

    private static List<GroupEntry> groups(RootView root) {
        List<GroupEntry> entries = new ArrayList<>();
        for (String[] fields : records(root, "/etc/group")) {
            if (fields.length >= 3 && isId(fields[2])) {
                List<String> members = fields.length > 3 && !fields[3].isEmpty()
                        ? List.of(fields[3].split(",")) : List.of();
                entries.add(new GroupEntry(fields[0], parseId(fields[2], "group"),
                        members.stream().map(String::trim).toList()));
            }
        }
        return entries;
    }

    /** The colon-separated records of a passwd-style file, without blank lines and comments. */
    private static List<String[]> records(RootView root, String path) {
        String text = root.read(path).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        List<String[]> records = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                records.add(trimmed.split(":", -1));
            }
        }
        return records;
    }

    private static boolean isId(String text) {
        return !text.isEmpty() && text.length() <= 10 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Ids are unsigned 32-bit, and 2^32-1 means "no id" to the kernel. */
    private static int parseId(String text, String what) {
        long id = Long.parseLong(text);
        if (id >= 0xFFFF_FFFFL) {
            throw new LaminaException("invalid " + what + " id " + text);
        }
        return (int) id;
    }
}
