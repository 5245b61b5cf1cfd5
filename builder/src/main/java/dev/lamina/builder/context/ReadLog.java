package dev.lamina.builder.context;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The context paths one step looked at (files and directories it read, directories it listed, links it followed),
 * each with the version it saw. While every one of them is still at that version, the step would select and
 * fingerprint exactly the same sources again.
 */
public final class ReadLog {
    private final Map<String, FileVersion> versions = new LinkedHashMap<>();

    public void add(String path, FileVersion version) {
        versions.putIfAbsent(path, version);
    }

    public Map<String, FileVersion> versions() {
        return versions;
    }

    /** Whether every version is old enough that a later change would show (see {@link FileVersion#racy}). */
    public boolean settled() {
        long now = FileVersion.nowNanos();
        return versions.values().stream().noneMatch(v -> v.racy(now));
    }
}
