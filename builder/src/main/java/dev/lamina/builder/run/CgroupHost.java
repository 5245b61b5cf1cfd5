package dev.lamina.builder.run;

import dev.lamina.image.LaminaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where this host's cgroup controllers are mounted: the cgroup v2 hierarchy (most machines now, and the one
 * lamina prefers) and the v1 hierarchies of a hybrid or legacy host, by controller.
 */
record CgroupHost(Optional<Path> v2Root, Map<String, Path> v1Roots) {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    CgroupHost {
        v1Roots = Map.copyOf(v1Roots);
    }

    static CgroupHost detect() {
        try {
            return parse(Files.readString(MOUNTINFO, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MOUNTINFO, e);
        }
    }

    /** Reads mountinfo lines: {@code ID PARENT DEV ROOT MOUNTPOINT OPTIONS [TAGS…] - TYPE SOURCE SUPEROPTIONS}. */
    static CgroupHost parse(String mountinfo) {
        Optional<Path> v2 = Optional.empty();
        Map<String, Path> v1 = new LinkedHashMap<>();
        for (String line : mountinfo.split("\n")) {
            String[] fields = line.split(" ");
            int dash = List.of(fields).indexOf("-");
            if (dash < 5 || fields.length < dash + 4) {
                continue;
            }
            Path mountPoint = Path.of(unescape(fields[4]));
            String type = fields[dash + 1];
            if (type.equals("cgroup2") && v2.isEmpty()) {
                v2 = Optional.of(mountPoint);
            } else if (type.equals("cgroup")) {
                for (String option : fields[dash + 3].split(",")) {
                    v1.putIfAbsent(option, mountPoint);
                }
            }
        }
        return new CgroupHost(v2, v1);
    }

    /** The controllers a set of limits needs. */
    static Set<String> controllersFor(Limits limits) {
        Set<String> needed = new LinkedHashSet<>();
        limits.memoryBytes().ifPresent(m -> needed.add("memory"));
        limits.cpus().ifPresent(c -> needed.add("cpu"));
        limits.pids().ifPresent(p -> needed.add("pids"));
        return needed;
    }

    /** The controllers the v2 hierarchy offers at its root. */
    Set<String> v2Controllers() {
        return v2Root.map(root -> {
            try {
                return Set.of(Files.readString(root.resolve("cgroup.controllers")).trim().split("\\s+"));
            } catch (IOException e) {
                return Set.<String>of();
            }
        }).orElse(Set.of());
    }

    /**
     * Creates the step's cgroup named {@code name}: in v2 when it offers every controller the limits need,
     * else in v1; a limit no hierarchy can enforce is an error, never silently dropped.
     */
    StepCgroup create(String name, Limits limits) {
        Set<String> needed = controllersFor(limits);
        if (v2Root.isPresent() && v2Controllers().containsAll(needed)) {
            return StepCgroup.createV2(v2Root.get(), name, limits);
        }
        if (v1Roots.keySet().containsAll(needed)) {
            return StepCgroup.createV1(v1Roots, name, limits);
        }
        throw new LaminaException("cannot apply resource limits: they need the " + String.join(", ", needed)
                + " cgroup controllers, and this host offers " + v2Controllers() + " in cgroup v2"
                + v2Root.map(p -> " (" + p + ")").orElse("") + " and " + v1Roots.keySet() + " in cgroup v1");
    }

    /** Removes the step cgroup {@code name} from every hierarchy that has one. */
    void removeStepEverywhere(String name) {
        v2Root.ifPresent(root -> StepCgroup.removeTree(root.resolve(StepCgroup.PARENT).resolve(name)));
        v1Roots.values().stream().distinct()
                .forEach(root -> StepCgroup.removeTree(root.resolve(StepCgroup.PARENT).resolve(name)));
    }

    /** mountinfo writes space, tab, newline and backslash in paths as three octal digits after a backslash. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
