package dev.lamina.image.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where the store is when the user does not say: CLI.md's rule, in one place. */
public final class StoreLocation {
    private StoreLocation() {
    }

    /**
     * {@code --root}, else {@code $LAMINA_ROOT}, else {@code /var/lib/lamina} for root, else
     * {@code $XDG_DATA_HOME/lamina}, else {@code ~/.local/share/lamina}.
     */
    public static Path resolve(Optional<Path> flag, Map<String, String> env, boolean isRoot, Path home) {
        if (flag.isPresent()) {
            return flag.get();
        }
        String fromEnv = env.get("LAMINA_ROOT");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Path.of(fromEnv);
        }
        if (isRoot) {
            return Path.of("/var/lib/lamina");
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Path.of(xdg, "lamina");
        }
        return home.resolve(".local/share/lamina");
    }
}
