package dev.lamina.builder.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The environment a command starts with: the stage's, plus the PATH and HOME Docker supplies when absent. */
final class CommandEnvironment {
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private CommandEnvironment() {
    }

    static List<String> of(Map<String, String> env, ResolvedUser user) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.putIfAbsent("PATH", DEFAULT_PATH);
        all.putIfAbsent("HOME", user.home());
        return all.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }
}
