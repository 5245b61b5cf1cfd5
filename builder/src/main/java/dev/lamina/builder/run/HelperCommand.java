package dev.lamina.builder.run;

import dev.lamina.image.LaminaException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The command line of the native helper for one step; {@code lamina-init.c} documents each option. */
final class HelperCommand {
    private HelperCommand() {
    }

    static List<String> build(Path helper, long parentPid, RunSpec spec, ResolvedUser user, StepDirectory step,
            List<Path> cgroups, Optional<UserNamespace> userNamespace) {
        List<String> args = new ArrayList<>(List.of(helper.toString(),
                "--parent", Long.toString(parentPid),
                "--status", step.status().toString(),
                "--step-dir", step.path().toString(),
                "--hostname", spec.hostname()));
        rootfs(args, spec, step);
        if (spec.network() == NetworkMode.NONE) {
            args.add("--net-none");
        }
        if (spec.stdio() == Stdio.INHERIT) {
            args.add("--keep-session");
        } else if (spec.stdio().tty()) {
            args.add(spec.stdio() == Stdio.TTY_STDIN ? "--tty-stdin" : "--tty");
        }
        userNamespace.ifPresent(namespace -> {
            args.add("--userns");
            namespace.uids().forEach(m -> args.addAll(List.of("--uid-map", m.line())));
            namespace.gids().forEach(m -> args.addAll(List.of("--gid-map", m.line())));
            namespace.mappers().ifPresent(tools -> args.addAll(List.of("--id-mappers",
                    tools.newuidmap().toString(), tools.newgidmap().toString())));
        });
        cgroups.forEach(dir -> args.addAll(List.of("--cgroup", dir.toString())));
        for (Map.Entry<String, Path> file : step.etcFiles().entrySet()) {
            args.addAll(List.of("--bind", file.getValue().toString(), file.getKey()));
        }
        List<RunMount> mounts = ContainerPaths.shallowestFirst(spec.mounts());
        if (mounts.stream().anyMatch(RunMount.Secret.class::isInstance)) {
            args.addAll(List.of("--secrets-dir", step.directory("secrets").toString()));
        }
        for (RunMount mount : mounts) {
            mount(args, mount);
        }
        args.addAll(List.of("--user", Integer.toUnsignedString(user.uid()), Integer.toUnsignedString(user.gid())));
        user.groups().forEach(gid -> args.addAll(List.of("--group", Integer.toUnsignedString(gid))));
        args.addAll(List.of("--cwd", spec.workdir()));
        CommandEnvironment.of(spec.env(), user).forEach(variable -> args.addAll(List.of("--env", variable)));
        args.add("--");
        args.addAll(spec.argv());
        return args;
    }

    private static void rootfs(List<String> args, RunSpec spec, StepDirectory step) {
        if (spec.rootfs() instanceof Rootfs.Directory directory) {
            args.addAll(List.of("--rootfs", directory.path().toString()));
            return;
        }
        Rootfs.Overlay overlay = (Rootfs.Overlay) spec.rootfs();
        Path scratch = OverlayScratch.populate(step.directory("lower"), spec);
        List<Path> lowers = new ArrayList<>(overlay.lowerDirs());
        lowers.add(scratch);
        String data = "lowerdir=" + lowers.stream().map(HelperCommand::overlayPath).collect(Collectors.joining(":"))
                + ",upperdir=" + overlayPath(overlay.upperDir()) + ",workdir=" + overlayPath(overlay.workDir());
        // The kernel copies mount options into one page.
        if (data.length() >= 4000) {
            throw new LaminaException("too many layers for one overlay mount (" + lowers.size() + " lower directories)");
        }
        args.addAll(List.of("--overlay", data, overlay.upperDir().toString(), step.directory("merged").toString()));
    }

    /** Overlay options are separated by ',' and layers by ':', with no escaping the helper would undo. */
    private static String overlayPath(Path path) {
        String text = path.toString();
        if (text.indexOf(',') >= 0 || text.indexOf(':') >= 0 || text.indexOf('\\') >= 0) {
            throw new LaminaException("an overlay layer path cannot contain ',', ':' or '\\': " + text);
        }
        return text;
    }

    private static void mount(List<String> args, RunMount mount) {
        if (mount instanceof RunMount.Bind bind) {
            args.addAll(List.of(bind.readOnly() ? "--bind-ro" : "--bind", bind.source().toString(), bind.target()));
        } else if (mount instanceof RunMount.Cache cache) {
            args.addAll(List.of("--bind", cache.directory().toString(), cache.target()));
        } else if (mount instanceof RunMount.Tmpfs tmpfs) {
            String options = "mode=1777" + (tmpfs.sizeBytes().isPresent() ? ",size=" + tmpfs.sizeBytes().getAsLong() : "");
            args.addAll(List.of("--tmpfs", tmpfs.target(), options));
        } else if (mount instanceof RunMount.Secret secret) {
            args.addAll(List.of("--secret", secret.source().toString(), secret.target(),
                    Integer.toUnsignedString(secret.uid()), Integer.toUnsignedString(secret.gid()),
                    Integer.toOctalString(secret.mode())));
        }
    }
}
