package dev.lamina.builder.copy;

import dev.lamina.builder.BuildException;
import dev.lamina.builder.run.RootView;
import dev.lamina.builder.run.UserResolver;
import dev.lamina.image.LaminaException;
import java.util.function.Supplier;

/**
 * A {@code --chown} value resolved to ids as BuildKit resolves it: {@code user[:group]}, names looked up in the
 * stage's {@code /etc/passwd} and {@code /etc/group} (never the host's), numbers taken as they are; without a group
 * the gid is the uid ("Providing a username without groupname or a UID without GID will use the same numeric UID as
 * the GID").
 */
record Ownership(long uid, long gid) {
    static Ownership parse(String spec, Supplier<RootView> root) {
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        String group = colon < 0 ? "" : spec.substring(colon + 1);
        try {
            long uid = user.isEmpty() ? 0 : isId(user) ? Long.parseLong(user)
                    : UserResolver.resolve(user, root.get()).uid();
            long gid = colon < 0 ? uid : isId(group) ? Long.parseLong(group)
                    : UserResolver.resolve("0:" + group, root.get()).gid();
            return new Ownership(uid, gid);
        } catch (BuildException e) {
            throw e;
        } catch (LaminaException e) {
            throw new BuildException(e.getMessage());
        }
    }

    /** Whether resolving {@code spec} reads the stage's files (it names a user or group). */
    static boolean needsNames(String spec) {
        int colon = spec.indexOf(':');
        String user = colon < 0 ? spec : spec.substring(0, colon);
        String group = colon < 0 ? "" : spec.substring(colon + 1);
        return !(user.isEmpty() || isId(user)) || !(group.isEmpty() || isId(group));
    }

    private static boolean isId(String text) {
        return !text.isEmpty() && text.length() <= 10 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
