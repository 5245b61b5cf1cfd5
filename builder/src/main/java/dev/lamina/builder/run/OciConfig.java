package dev.lamina.builder.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OCI runtime spec's {@code config.json} for one step (runtime-spec config.md and config-linux.md):
 * the same isolation lamina's own runner gives, expressed for runc or crun.
 */
final class OciConfig {
    /** Docker's default capabilities, as the helper's {@code default_caps}. */
    static final List<String> DEFAULT_CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER",
            "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_NET_RAW", "CAP_SYS_CHROOT", "CAP_MKNOD", "CAP_AUDIT_WRITE", "CAP_SETFCAP");
    static final List<String> MASKED_PATHS = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware");
    static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OciConfig() {
    }

    /**
     * @param cgroupsPath where the runtime puts the step, relative to each hierarchy's root
     * @param etcFiles    the generated /etc files, by container path
     */
    static ObjectNode of(RunSpec spec, Path rootfs, ResolvedUser user, Map<String, Path> etcFiles,
            Optional<String> cgroupsPath, Optional<UserNamespace> userNamespace) {
        ObjectNode config = JSON.objectNode();
        config.put("ociVersion", "1.0.2");
        config.set("process", process(spec, user));
        config.putObject("root").put("path", rootfs.toString()).put("readonly", false);
        config.put("hostname", spec.hostname());
        config.set("mounts", mounts(spec, etcFiles, userNamespace.isPresent()));
        ObjectNode linux = config.putObject("linux");
        ArrayNode namespaces = linux.putArray("namespaces");
        for (String type : List.of("pid", "ipc", "uts", "mount")) {
            namespaces.addObject().put("type", type);
        }
        if (spec.network() == NetworkMode.NONE) {
            namespaces.addObject().put("type", "network");
        }
        userNamespace.ifPresent(namespace -> {
            namespaces.addObject().put("type", "user");
            linux.set("uidMappings", mappings(namespace.uids()));
            linux.set("gidMappings", mappings(namespace.gids()));
        });
        cgroupsPath.ifPresent(path -> linux.put("cgroupsPath", path));
        linux.put("rootfsPropagation", "private");
        MASKED_PATHS.forEach(linux.putArray("maskedPaths")::add);
        READONLY_PATHS.forEach(linux.putArray("readonlyPaths")::add);
        return config;
    }

    private static ObjectNode process(RunSpec spec, ResolvedUser user) {
        ObjectNode process = JSON.objectNode();
        process.put("terminal", false);
        ObjectNode owner = process.putObject("user");
        owner.put("uid", Integer.toUnsignedLong(user.uid())).put("gid", Integer.toUnsignedLong(user.gid()));
        ArrayNode groups = owner.putArray("additionalGids");
        user.groups().forEach(gid -> groups.add(Integer.toUnsignedLong(gid)));
        spec.argv().forEach(process.putArray("args")::add);
        CommandEnvironment.of(spec.env(), user).forEach(process.putArray("env")::add);
        process.put("cwd", spec.workdir());
        ObjectNode capabilities = process.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            DEFAULT_CAPABILITIES.forEach(capabilities.putArray(set)::add);
        }
        process.put("noNewPrivileges", false);
        return process;
    }

    private static ArrayNode mounts(RunSpec spec, Map<String, Path> etcFiles, boolean userNamespace) {
        ArrayNode mounts = JSON.arrayNode();
        mount(mounts, "/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev"));
        mount(mounts, "/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k"));
        mount(mounts, "/dev/pts", "devpts", "devpts", userNamespace
                ? List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")
                : List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"));
        mount(mounts, "/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k"));
        mount(mounts, "/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev"));
        // A user namespace without its own network namespace may not mount sysfs: bind the host's.
        if (userNamespace && spec.network() == NetworkMode.HOST) {
            mount(mounts, "/sys", "none", "/sys", List.of("rbind", "nosuid", "noexec", "nodev", "ro"));
        } else {
            mount(mounts, "/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"));
        }
        etcFiles.forEach((target, source) -> mount(mounts, target, "bind", source.toString(), List.of("rbind", "rw")));
        for (RunMount mount : ContainerPaths.shallowestFirst(spec.mounts())) {
            if (mount instanceof RunMount.Bind bind) {
                mount(mounts, bind.target(), "bind", bind.source().toString(),
                        List.of("rbind", bind.readOnly() ? "ro" : "rw"));
            } else if (mount instanceof RunMount.Cache cache) {
                mount(mounts, cache.target(), "bind", cache.directory().toString(), List.of("rbind", "rw"));
            } else if (mount instanceof RunMount.Tmpfs tmpfs) {
                mount(mounts, tmpfs.target(), "tmpfs", "tmpfs", tmpfs.sizeBytes().isPresent()
                        ? List.of("nosuid", "nodev", "mode=1777", "size=" + tmpfs.sizeBytes().getAsLong())
                        : List.of("nosuid", "nodev", "mode=1777"));
            }
        }
        return mounts;
    }

    private static void mount(ArrayNode mounts, String destination, String type, String source, List<String> options) {
        ObjectNode mount = mounts.addObject();
        mount.put("destination", destination).put("type", type).put("source", source);
        options.forEach(mount.putArray("options")::add);
    }

    private static ArrayNode mappings(List<IdMapping> mappings) {
        ArrayNode array = JSON.arrayNode();
        for (IdMapping mapping : mappings) {
            array.addObject().put("containerID", mapping.containerId()).put("hostID", mapping.hostId())
                    .put("size", mapping.size());
        }
        return array;
    }
}
