package dev.lamina.builder.run;

import java.util.List;

/**
 * A {@code USER} resolved through the root's {@code /etc/passwd} and {@code /etc/group}.
 *
 * @param groups the supplementary groups: those listing the user as a member, unless a group was given
 * @param home   the user's home directory, {@code /} when the user has no entry
 */
public record ResolvedUser(int uid, int gid, List<Integer> groups, String home) {
    static final ResolvedUser ROOT = new ResolvedUser(0, 0, List.of(), "/root");

    public ResolvedUser {
        groups = List.copyOf(groups);
    }
}
