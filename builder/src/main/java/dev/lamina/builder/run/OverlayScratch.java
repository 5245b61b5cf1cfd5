package dev.lamina.builder.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bottom layer of an overlay root: empty files and directories wherever the runner mounts something.
 * Mounting over a lower layer's entry writes nothing, so the step's upper directory holds only what the
 * command changed, with no stub to clean up and no copied-up {@code /etc}. A higher layer's own entry
 * hides the placeholder; one deleted by a whiteout above is recreated by the helper and cleaned up after.
 */
final class OverlayScratch {
    private OverlayScratch() {
    }

    static Path populate(Path dir, RunSpec spec) {
        Map<String, Boolean> targets = new LinkedHashMap<>(); // container path → is a directory
        for (String path : new String[] {"/proc", "/dev", "/sys"}) {
            targets.put(path, true);
        }
        for (String path : EtcFiles.contents(spec.hostname(), "").keySet()) {
            targets.put(path, false);
        }
        for (RunMount mount : spec.mounts()) {
            boolean directory = !(mount instanceof RunMount.Secret)
                    && !(mount instanceof RunMount.Bind bind && !Files.isDirectory(bind.source()));
            targets.put(mount.target(), directory);
        }
        try {
            for (Map.Entry<String, Boolean> target : targets.entrySet()) {
                Path path = dir.resolve(target.getKey().substring(1)).normalize();
                if (!path.startsWith(dir) || path.equals(dir)) {
                    continue;
                }
                if (target.getValue()) {
                    Files.createDirectories(path);
                } else if (!Files.exists(path)) {
                    Files.createDirectories(path.getParent());
                    Files.createFile(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the overlay's scratch layer in " + dir, e);
        }
        return dir;
    }
}
