package dev.lamina.builder.cache;

import dev.lamina.image.Digest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a step read, each with a fingerprint of everything about it that its result depends on (content
 * digest, type, mode, owner, size, link target, and the modification time when the step keeps it), as a short text:
 * hashing once for the whole step costs far less than once per file in a JVM that has not warmed up. Part of the
 * step's cache key, and kept per step slot so that the next miss can say which file changed.
 */
public final class StepInputs {
    private final Map<String, String> files = new LinkedHashMap<>();

    /**
     * A file read, by the name messages use: {@code src/Main.java}, {@code stage builder:/out/app}, or a URL or git
     * repository for what ADD fetches.
     */
    public void file(String name, String fingerprint) {
        files.put(name, fingerprint);
    }

    public Map<String, String> files() {
        return files;
    }

    public Digest digest() {
        KeyHasher hasher = new KeyHasher("inputs");
        files.forEach((name, fingerprint) -> hasher.add("file", name).add("fingerprint", fingerprint));
        return hasher.digest();
    }

    /**
     * What changed from {@code before} to these inputs, worded for a user: {@code src/Main.java changed},
     * {@code src/New.java and 2 more files are new}; empty when nothing did.
     */
    public List<String> changesSince(Map<String, String> before) {
        List<String> changed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        files.forEach((name, fingerprint) -> {
            String old = before.get(name);
            if (old == null) {
                added.add(name);
            } else if (!old.equals(fingerprint)) {
                changed.add(name);
            }
        });
        before.keySet().stream().filter(name -> !files.containsKey(name)).forEach(removed::add);
        List<String> out = new ArrayList<>();
        describe(changed, "changed", "changed", out);
        describe(added, "is new", "are new", out);
        describe(removed, "was removed", "were removed", out);
        return out;
    }

    private static void describe(List<String> names, String one, String many, List<String> out) {
        if (names.isEmpty()) {
            return;
        }
        if (names.size() == 1) {
            out.add(names.get(0) + " " + one);
        } else {
            out.add(names.get(0) + " and " + (names.size() - 1) + " more file" + (names.size() > 2 ? "s" : "") + " "
                    + many);
        }
    }
}
