package dev.lamina.dockerfile.shell;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables an expansion may read. Names are case-sensitive (Linux semantics). An absent value means
 * "unset", which differs from set-but-empty for {@code ${V-w}}, {@code ${V+w}} and {@code ${V?m}}.
 */
@FunctionalInterface
public interface EnvLookup {
    Optional<String> get(String name);

    static EnvLookup empty() {
        return name -> Optional.empty();
    }

    /** A lookup over a copy of {@code values}. */
    static EnvLookup of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return name -> Optional.ofNullable(copy.get(name));
    }

    /**
     * A lookup over {@code NAME=value} entries as an image config or the process environment lists them: the
     * last entry for a name wins, and an entry without {@code =} sets the name to the empty string (BuildKit's
     * {@code EnvsFromSlice}).
     */
    static EnvLookup fromList(List<String> entries) {
        Map<String, String> map = new HashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                map.put(entry, "");
            } else {
                map.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return of(map);
    }
}
