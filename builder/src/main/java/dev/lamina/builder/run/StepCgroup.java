package dev.lamina.builder.run;

import dev.lamina.image.LaminaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One step's cgroup, holding its limits; created before the step, removed after it (the helper removes
 * it instead if lamina dies). Steps live under {@code lamina/} at the top of each hierarchy, as BuildKit's
 * do under {@code buildkit/}: in v2 only the root may hold processes beside controller-enabled children,
 * so the caller's own cgroup cannot be the parent.
 */
final class StepCgroup implements AutoCloseable {
    static final String PARENT = "lamina";
    /** The CFS period; the quota is the number of CPUs times it. */
    private static final long CPU_PERIOD_US = 100_000;

    private final boolean v2;
    private final List<Path> directories;
    private final Optional<Path> memory;

    private StepCgroup(boolean v2, List<Path> directories, Optional<Path> memory) {
        this.v2 = v2;
        this.directories = List.copyOf(directories);
        this.memory = memory;
    }

    static StepCgroup createV2(Path root, String name, Limits limits) {
        List<String> controllers = List.copyOf(CgroupHost.controllersFor(limits));
        Path parent = root.resolve(PARENT);
        createDirectories(parent);
        enable(root, controllers);
        enable(parent, controllers);
        Path dir = create(parent.resolve(name));
        StepCgroup cgroup = new StepCgroup(true, List.of(dir),
                limits.memoryBytes().isPresent() ? Optional.of(dir) : Optional.empty());
        try {
            limits.memoryBytes().ifPresent(bytes -> {
                write(dir, "memory.max", Long.toString(bytes));
                if (Files.exists(dir.resolve("memory.swap.max"))) {
                    write(dir, "memory.swap.max", "0");
                }
            });
            limits.pids().ifPresent(count -> write(dir, "pids.max", Long.toString(count)));
            limits.cpus().ifPresent(cpus -> write(dir, "cpu.max", quota(cpus) + " " + CPU_PERIOD_US));
            return cgroup;
        } catch (RuntimeException e) {
            cgroup.close();
            throw e;
        }
    }

    static StepCgroup createV1(Map<String, Path> roots, String name, Limits limits) {
        Map<String, Path> byController = new LinkedHashMap<>();
        for (String controller : CgroupHost.controllersFor(limits)) {
            byController.put(controller, roots.get(controller).resolve(PARENT).resolve(name));
        }
        List<Path> created = new ArrayList<>();
        try {
            for (Path dir : byController.values().stream().distinct().toList()) {
                createDirectories(dir.getParent());
                created.add(create(dir));
            }
            limits.memoryBytes().ifPresent(bytes -> {
                Path dir = byController.get("memory");
                write(dir, "memory.limit_in_bytes", Long.toString(bytes));
                if (Files.exists(dir.resolve("memory.memsw.limit_in_bytes"))) {
                    write(dir, "memory.memsw.limit_in_bytes", Long.toString(bytes));
                }
            });
            limits.pids().ifPresent(count -> write(byController.get("pids"), "pids.max", Long.toString(count)));
            limits.cpus().ifPresent(cpus -> {
                write(byController.get("cpu"), "cpu.cfs_period_us", Long.toString(CPU_PERIOD_US));
                write(byController.get("cpu"), "cpu.cfs_quota_us", Long.toString(quota(cpus)));
            });
            return new StepCgroup(false, created, Optional.ofNullable(byController.get("memory")));
        } catch (RuntimeException e) {
            created.forEach(StepCgroup::removeTree);
            throw e;
        }
    }

    /** The directories a process joins, one per hierarchy. */
    List<Path> directories() {
        return directories;
    }

    /**
     * Whether the kernel's OOM killer killed a process of this cgroup for exceeding its memory limit. v2
     * counts kills for the whole subtree. v1 counts them only where the victim was, which for a runtime's
     * nested cgroup is gone by now, and not at all before Linux 4.13; nor does it count failed charges of
     * the memory+swap counter on recent kernels. So in v1 a step that died of SIGKILL after its usage
     * reached the limit is taken as killed for memory.
     */
    boolean oomKilled(boolean diedOfSigkill) {
        if (memory.isEmpty()) {
            return false;
        }
        Path dir = memory.get();
        if (v2) {
            return counter(dir.resolve("memory.events"), "oom_kill") > 0;
        }
        return counter(dir.resolve("memory.oom_control"), "oom_kill") > 0
                || diedOfSigkill && (reachedLimit(dir, "memory.") || reachedLimit(dir, "memory.memsw."));
    }

    private static boolean reachedLimit(Path dir, String prefix) {
        long peak = counter(dir.resolve(prefix + "max_usage_in_bytes"), "");
        long limit = counter(dir.resolve(prefix + "limit_in_bytes"), "");
        return counter(dir.resolve(prefix + "failcnt"), "") > 0 || peak > 0 && limit > 0 && peak >= limit;
    }

    /** Removes the cgroups (and any a runtime left inside them), waiting briefly for exiting processes. */
    @Override
    public void close() {
        for (Path dir : directories) {
            removeTree(dir);
        }
    }

    static void removeTree(Path dir) {
        List<Path> children;
        try (Stream<Path> entries = Files.walk(dir)) {
            children = entries.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list cgroup " + dir, e);
        }
        for (Path child : children) {
            removeOne(child);
        }
    }

    /** An emptied cgroup may stay busy for a moment while its last processes finish exiting. */
    private static void removeOne(Path dir) {
        for (int attempt = 0; ; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (java.nio.file.AccessDeniedException e) {
                throw failure("cannot remove cgroup " + dir, e);
            } catch (FileSystemException e) {
                if (attempt >= 100) {
                    throw new LaminaException("cannot remove cgroup " + dir + ": " + e.getMessage(), e);
                }
                sleep();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove cgroup " + dir, e);
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long quota(double cpus) {
        return Math.max(1000, Math.round(cpus * CPU_PERIOD_US));
    }

    /** Enables controllers for the children of {@code dir}, leaving those already enabled alone. */
    private static void enable(Path dir, List<String> controllers) {
        Path control = dir.resolve("cgroup.subtree_control");
        try {
            List<String> enabled = List.of(Files.readString(control).trim().split("\\s+"));
            for (String controller : controllers) {
                if (!enabled.contains(controller)) {
                    write(dir, "cgroup.subtree_control", "+" + controller);
                }
            }
        } catch (IOException e) {
            throw failure("cannot read " + control, e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw failure("cannot create cgroup " + dir, e);
        }
    }

    private static Path create(Path dir) {
        try {
            return Files.createDirectory(dir);
        } catch (IOException e) {
            throw failure("cannot create cgroup " + dir, e);
        }
    }

    private static void write(Path dir, String file, String value) {
        try {
            Files.writeString(dir.resolve(file), value, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw failure("cannot write " + value + " to " + dir.resolve(file), e);
        }
    }

    /** A counter in a flat-keyed file ("key value" lines), or a bare number when {@code key} is empty; -1 if absent. */
    private static long counter(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] fields = line.trim().split("\\s+");
                if (key.isEmpty() && fields.length == 1) {
                    return Long.parseLong(fields[0]);
                }
                if (fields.length == 2 && fields[0].equals(key)) {
                    return Long.parseLong(fields[1]);
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static LaminaException failure(String what, IOException e) {
        String reason = e instanceof java.nio.file.AccessDeniedException
                ? "permission denied (resource limits need root, or a cgroup delegated to this user)"
                : String.valueOf(e.getMessage());
        return new LaminaException(what + ": " + reason, e);
    }
}
