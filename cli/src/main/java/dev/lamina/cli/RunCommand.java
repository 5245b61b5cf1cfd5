package dev.lamina.cli;

import dev.lamina.builder.LayerRef;
import dev.lamina.builder.run.CommandNotExecutable;
import dev.lamina.builder.run.Limits;
import dev.lamina.builder.run.NetworkMode;
import dev.lamina.builder.run.OutputSink;
import dev.lamina.builder.run.Rootfs;
import dev.lamina.builder.run.RunMount;
import dev.lamina.builder.run.RunResult;
import dev.lamina.builder.run.RunSpec;
import dev.lamina.builder.run.Runner;
import dev.lamina.builder.run.RunnerSettings;
import dev.lamina.builder.run.Stdio;
import dev.lamina.builder.runstep.ExtractedLayers;
import dev.lamina.image.LaminaException;
import dev.lamina.image.Platform;
import dev.lamina.image.json.ContainerConfig;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreSource;
import dev.lamina.tarball.apply.ApplyOptions;
import dev.lamina.tarball.apply.ImageUnpacker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lamina run}: a command in a fresh writable copy of an image's root file system, through the runner
 * RUN uses, with {@code docker run}'s meaning of the image's Entrypoint, Cmd, Env, User and WorkingDir. lamina
 * keeps no containers: the copy is removed when the command ends, whatever way it ends.
 *
 * <p>Exit status: the command's own; 128+N when a signal N killed it; 126 when it could not be executed and 127
 * when it was not found (as {@code docker run} and a shell report them). lamina's own failures keep the CLI's
 * codes, 1 (one {@code lamina: error:} line) and 2 for usage, where docker would use 125.
 */
@Command(name = "run", sortOptions = false,
        description = {"Run a command in a fresh copy of an image's root filesystem, through the runner RUN uses.",
                "The image's Entrypoint, Cmd, Env, User and WorkingDir apply as in docker run. lamina keeps no"
                        + " containers: the copy is removed when the command ends (--rm is accepted, and always so).",
                "Exit status: the command's; 128+N if signal N killed it; 126 not executable, 127 not found;"
                        + " 1 lamina's own error, 2 usage."})
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;


    @Option(names = "--rm", description = "Accepted for docker compatibility: lamina always removes the copy.")
    boolean remove;

    @Option(names = {"-i", "--interactive"}, description = "Pass stdin to the command (else it reads nothing).")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Give the command a pseudo-terminal (with -i: stdin must be one).")
    boolean tty;

    @Option(names = {"-e", "--env"}, paramLabel = "K[=V]",
            description = "Set a variable; K alone takes the caller's value (unset if the caller has none).")
    java.util.List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "FILE", description = "Variables from a file: K=V or K per line, #"
            + " comments.")
    java.util.List<String> envFiles = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "USER[:GROUP]", description = "Run as this user (name or id).")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "The working directory (absolute).")
    String workdir;

    @Option(names = "--entrypoint", paramLabel = "CMD", description = "Replace the image's Entrypoint (and drop its"
            + " Cmd); \"\" clears it.")
    String entrypoint;

    @Option(names = "--hostname", paramLabel = "NAME", description = "The command's host name (default: a random"
            + " id, as docker's container id).")
    String hostname;

    @Option(names = "--network", paramLabel = "host|none", defaultValue = "host",
            description = "The host's network (default) or none (only lo).")
    String network;

    @Mixin
    LimitOptions limitOptions = new LimitOptions();

    @Option(names = {"-v", "--volume"}, paramLabel = "HOST:CTR[:ro]", description = "Bind a host file or directory"
            + " (absolute path, must exist).")
    java.util.List<String> volumes = new ArrayList<>();

    @Option(names = "--runtime", paramLabel = "runc", description = "Run through an OCI runtime instead of lamina's"
            + " own runner.")
    String runtime;

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "The platform to take from a multi-platform"
            + " image (default: this machine's).")
    String platform;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "A store reference or ID, or TRANSPORT:….")
    String image;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "The command and its arguments (replace the"
            + " image's Cmd).")
    java.util.List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Console console = lamina.console();
        boolean ownStreams = console.in() == System.in;
        RunOptions options = RunOptions.parse(this, console);
        Stdio stdio = stdio(console, ownStreams);
        // The lease keeps a collection from removing the extracted layers an overlay root stands on.
        try (Store.Lease lease = lamina.store().lease(); RunRootfs rootfs = RunRootfs.create(lamina.store().paths())) {
            RunSpec spec;
            try (InspectTarget target = InspectTarget.open(image, platform, lamina)) {
                ContainerConfig config = target.image().image().config().config();
                Optional<Rootfs> overlay = overlayRoot(target, rootfs);
                spec = options.spec(config, overlay.orElse(new Rootfs.Directory(rootfs.path())),
                        imageHostname(target), stdio);
                if (overlay.isEmpty()) {
                    Platform wanted = platform == null ? Platform.host() : Platform.parse(platform);
                    new ImageUnpacker(ApplyOptions.defaults(w -> console.err().println("lamina: warning: " + w)))
                            .unpack(target.opened().source(), target.opened().topLevel(), wanted, rootfs.path(),
                                    (index, count, layer) -> { });
                }
            }
            return run(spec, console, ownStreams);
        }
    }

    /**
     * For an image in the store, run by lamina's own runner as root: an overlay over the layers the builder's RUN
     * steps extract (once per layer, kept in the store), the command's writes landing in this run's directory. It
     * saves unpacking the whole image for each run. Elsewhere the image is unpacked into a fresh copy.
     */
    private Optional<Rootfs> overlayRoot(InspectTarget target, RunRootfs rootfs) throws IOException {
        if (runtime != null || !(target.opened().source() instanceof StoreSource)) {
            return Optional.empty();
        }
        List<LayerRef> layers = target.image().layers().stream()
                .map(layer -> new LayerRef(layer.descriptor(), layer.diffId())).toList();
        ExtractedLayers extracted = new ExtractedLayers(lamina.store());
        if (!extracted.overlayUsable(layers)) {
            return Optional.empty();
        }
        return Optional.of(new Rootfs.Overlay(extracted.lowerDirs(layers), rootfs.directory("upper"),
                rootfs.directory("work")));
    }

    private int run(RunSpec spec, Console console, boolean ownStreams) {
        Runner runner = Runner.forRuntime(Optional.ofNullable(runtime), RunnerSettings.defaults());
        try (Signals signals = ownStreams ? Signals.forward(Thread.currentThread(), spec.stdio() != Stdio.PIPE)
                : Signals.NONE) {
            RunResult result;
            try {
                OutputSink sink = OutputSink.to(console.out(), console.err());
                result = interactive && spec.stdio() == Stdio.PIPE ? runner.run(spec, console.in(), sink)
                        : runner.run(spec, sink);
            } catch (CommandNotExecutable e) {
                console.err().println("lamina: error: " + e.getMessage());
                return e.exitCode();
            } catch (LaminaException e) {
                if (signals.received().isPresent()) {
                    Thread.interrupted();
                    return 128 + signals.received().get();
                }
                throw e;
            }
            if (result.oomKilled()) {
                console.err().println("lamina: error: the command was killed: out of memory (--memory " + limitOptions.memory + ")");
            }
            return result.exitCode();
        }
    }

    /** How the command's standard streams are connected, refusing what docker refuses. */
    private Stdio stdio(Console console, boolean ownStreams) {
        if (!tty) {
            return Stdio.PIPE;
        }
        if (!ownStreams) {
            throw new LaminaException("-t needs lamina's own standard streams (it is not available when lamina is"
                    + " embedded)");
        }
        if (interactive && !Terminals.stdinIsTerminal()) {
            throw new LaminaException("the input device is not a TTY");
        }
        return interactive ? Stdio.TTY_STDIN : Stdio.TTY;
    }

    /** The config's Hostname where an image still sets one (older Docker wrote it); else none. */
    private static Optional<String> imageHostname(InspectTarget target) {
        String value = target.image().image().config().tree().path("config").path("Hostname").asText("");
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** The command's environment, user, directory and limits, as given on the command line and checked. */
    record RunOptions(java.util.Map<String, Optional<String>> env, Optional<String> user, Optional<String> workdir,
            Optional<java.util.List<String>> entrypoint, java.util.List<String> command, Optional<String> hostname,
            NetworkMode network, Limits limits, java.util.List<RunMount> mounts) {

        static RunOptions parse(RunCommand c, Console console) throws IOException {
            java.util.Map<String, Optional<String>> env = new java.util.LinkedHashMap<>();
            for (String file : c.envFiles) {
                Path path = console.path(file);
                if (!Files.isRegularFile(path)) {
                    throw new LaminaException("--env-file " + file + ": no such file");
                }
                int number = 0;
                for (String line : Files.readAllLines(path)) {
                    number++;
                    String trimmed = line.stripLeading();
                    if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                        variable(trimmed, console, env, "--env-file " + file + " line " + number);
                    }
                }
            }
            for (String variable : c.env) {
                variable(variable, console, env, "-e");
            }
            if (c.workdir != null && !c.workdir.startsWith("/")) {
                throw new UsageException("the working directory '" + c.workdir + "' is invalid: it needs to be an"
                        + " absolute path");
            }
            NetworkMode network;
            try {
                network = NetworkMode.parse(c.network);
            } catch (LaminaException e) {
                throw new UsageException("invalid --network: " + e.getMessage());
            }
            Limits limits = c.limitOptions.limits();
            java.util.List<RunMount> mounts = new ArrayList<>();
            for (String volume : c.volumes) {
                mounts.add(volume(volume, console));
            }
            if (c.hostname != null && (c.hostname.isEmpty() || c.hostname.length() > 64)) {
                throw new UsageException("invalid --hostname \"" + c.hostname + "\"");
            }
            return new RunOptions(env, Optional.ofNullable(c.user), Optional.ofNullable(c.workdir),
                    Optional.ofNullable(c.entrypoint).map(e -> e.isEmpty() ? java.util.List.<String>of()
                            : java.util.List.of(e)),
                    java.util.List.copyOf(c.command), Optional.ofNullable(c.hostname), network, limits, mounts);
        }

        /**
         * {@code K=V}, or {@code K} alone: the caller's value, or when the caller has none, K unset even if the
         * image sets it (as docker does). Empty means unset.
         */
        private static void variable(String text, Console console, java.util.Map<String, Optional<String>> env,
                String where) {
            int equals = text.indexOf('=');
            String name = equals < 0 ? text : text.substring(0, equals);
            if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
                throw new UsageException("invalid environment variable \"" + text + "\" (" + where + ")");
            }
            env.remove(name); // a later setting moves to the end, as docker appends it
            env.put(name, equals >= 0 ? Optional.of(text.substring(equals + 1))
                    : Optional.ofNullable(console.env().get(name)));
        }

        private static RunMount volume(String text, Console console) {
            String[] parts = text.split(":", -1);
            if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new UsageException("invalid -v \"" + text + "\": expected HOST:CONTAINER[:ro|rw]");
            }
            boolean readOnly = parts.length == 3 && switch (parts[2]) {
                case "ro" -> true;
                case "rw" -> false;
                default -> throw new UsageException("invalid -v \"" + text + "\": unknown option " + parts[2]);
            };
            if (!parts[0].startsWith("/") && !parts[0].startsWith(".")) {
                throw new UsageException("invalid -v \"" + text + "\": named volumes are not supported, give a host"
                        + " path (absolute, or starting with .)");
            }
            if (!parts[1].startsWith("/")) {
                throw new UsageException("invalid -v \"" + text + "\": the container path must be absolute");
            }
            Path source = console.path(parts[0]);
            if (!Files.exists(source)) {
                throw new LaminaException("-v " + text + ": " + source + " does not exist");
            }
            return new RunMount.Bind(source, parts[1], readOnly);
        }

        /** The spec docker's rules give: the command line over the image's config. */
        RunSpec spec(ContainerConfig config, Rootfs rootfs, Optional<String> imageHostname, Stdio stdio) {
            java.util.List<String> argv = new ArrayList<>(entrypoint.orElse(config.entrypoint() == null
                    ? java.util.List.of() : config.entrypoint()));
            if (!command.isEmpty()) {
                argv.addAll(command);
            } else if (entrypoint.isEmpty() && config.cmd() != null) {
                argv.addAll(config.cmd());
            }
            if (argv.isEmpty()) {
                throw new LaminaException("no command specified: the image has no Entrypoint or Cmd, give one after"
                        + " the image");
            }
            java.util.Map<String, String> merged = new java.util.LinkedHashMap<>();
            for (String variable : config.env()) {
                int equals = variable.indexOf('=');
                if (equals > 0) {
                    merged.put(variable.substring(0, equals), variable.substring(equals + 1));
                }
            }
            env.forEach((name, value) -> {
                merged.remove(name);
                value.ifPresent(v -> merged.put(name, v));
            });
            String dir = workdir.orElse(config.workingDir().isEmpty() ? "/" : config.workingDir());
            return new RunSpec(rootfs, argv, merged, user.orElse(config.user()), dir,
                    hostname.or(() -> imageHostname).orElseGet(RunOptions::randomHostname), network, mounts, limits,
                    stdio);
        }

        /** What docker uses: the container id's first 12 hex digits; lamina has no id, so a random one. */
        private static String randomHostname() {
            byte[] bytes = new byte[6];
            new java.security.SecureRandom().nextBytes(bytes);
            return java.util.HexFormat.of().formatHex(bytes);
        }
    }
}
