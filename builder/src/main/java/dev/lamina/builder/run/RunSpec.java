package dev.lamina.builder.run;

import dev.lamina.image.LaminaException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One command to run: a RUN step, or {@code lamina run}. Immutable; each {@code with…} gives a changed copy.
 *
 * @param rootfs   the file system the command gets as {@code /}
 * @param argv     the command, already split (a shell form arrives here as {@code [sh, -c, line]})
 * @param env      the environment, in order; {@code PATH} and {@code HOME} get Docker's defaults when absent
 * @param user     {@code USER} as written: {@code name}, {@code uid}, with {@code :group} or {@code :gid};
 *                 empty for root. Names are looked up in the root file system's {@code /etc/passwd} and
 *                 {@code /etc/group}, never the host's
 * @param workdir  the absolute working directory, created (owned by the user) when missing, as Docker does
 * @param hostname the command's host name, also written to {@code /etc/hostname} and {@code /etc/hosts}
 * @param network  the host's network, or none
 * @param mounts   extra mounts ({@code RUN --mount}), made shallowest target first
 * @param limits   memory, CPU and process-count limits
 * @param stdio    where the standard streams go
 */
public record RunSpec(Rootfs rootfs, List<String> argv, Map<String, String> env, String user, String workdir,
        String hostname, NetworkMode network, List<RunMount> mounts, Limits limits, Stdio stdio) {
    /** BuildKit's default for a RUN, where the image sets none. */
    public static final String DEFAULT_HOSTNAME = "lamina";

    public RunSpec {
        if (argv.isEmpty()) {
            throw new LaminaException("a command to run is required");
        }
        argv = List.copyOf(argv);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        env.forEach((name, value) -> {
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new LaminaException("invalid environment variable name " + name);
            }
        });
        ContainerPaths.requireAbsolute(workdir, "the working directory");
        if (hostname.isEmpty() || hostname.length() > 64 || hostname.indexOf('\0') >= 0) {
            throw new LaminaException("invalid hostname '" + hostname + "'");
        }
        mounts = List.copyOf(mounts);
    }

    /** {@code argv} as root in {@code /}, host network, no mounts or limits, output to the sink. */
    public static RunSpec of(Rootfs rootfs, List<String> argv) {
        return new RunSpec(rootfs, argv, Map.of(), "", "/", DEFAULT_HOSTNAME, NetworkMode.HOST, List.of(),
                Limits.NONE, Stdio.PIPE);
    }

    public RunSpec withEnv(Map<String, String> value) {
        return new RunSpec(rootfs, argv, value, user, workdir, hostname, network, mounts, limits, stdio);
    }

    public RunSpec withUser(String value) {
        return new RunSpec(rootfs, argv, env, value, workdir, hostname, network, mounts, limits, stdio);
    }

    public RunSpec withWorkdir(String value) {
        return new RunSpec(rootfs, argv, env, user, value, hostname, network, mounts, limits, stdio);
    }

    public RunSpec withHostname(String value) {
        return new RunSpec(rootfs, argv, env, user, workdir, value, network, mounts, limits, stdio);
    }

    public RunSpec withNetwork(NetworkMode value) {
        return new RunSpec(rootfs, argv, env, user, workdir, hostname, value, mounts, limits, stdio);
    }

    public RunSpec withMounts(List<RunMount> value) {
        return new RunSpec(rootfs, argv, env, user, workdir, hostname, network, value, limits, stdio);
    }

    public RunSpec withLimits(Limits value) {
        return new RunSpec(rootfs, argv, env, user, workdir, hostname, network, mounts, value, stdio);
    }

    public RunSpec withStdio(Stdio value) {
        return new RunSpec(rootfs, argv, env, user, workdir, hostname, network, mounts, limits, value);
    }

    /** The command as a user reads it in an error: {@code [sh -c "make all"]}. */
    String describeCommand() {
        String joined = String.join(" ", argv);
        return joined.length() > 200 ? joined.substring(0, 200) + "…" : joined;
    }
}
