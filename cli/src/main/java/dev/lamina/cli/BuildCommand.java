package dev.lamina.cli;

import dev.lamina.builder.BuildRequest;
import dev.lamina.builder.BuildResult;
import dev.lamina.builder.Builder;
import dev.lamina.builder.RunOptions;
import dev.lamina.builder.RunStepExecutor;
import dev.lamina.builder.context.BuildContext;
import dev.lamina.builder.run.Runner;
import dev.lamina.builder.run.RunnerSettings;
import dev.lamina.builder.runstep.RunSteps;
import dev.lamina.builder.context.BuildContexts;
import dev.lamina.builder.context.GitSource;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.CopyOptions;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.copy.ImageDestination;
import dev.lamina.image.store.Catalog;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreSource;
import dev.lamina.registry.MountSources;
import dev.lamina.registry.StoreMountSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "build", description = "Build an image from a Dockerfile.")
final class BuildCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;

    @Mixin
    TlsVerifyOption tls;

    @Option(names = {"-t", "--tag"}, paramLabel = "NAME[:TAG]", description = "Name the image in the store (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "The Dockerfile (default: CONTEXT/Dockerfile; '-' reads it from stdin).")
    String file;

    @Option(names = "--build-arg", paramLabel = "NAME[=VALUE]",
            description = "Set a build argument (NAME alone takes it from the environment).")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--target", paramLabel = "STAGE", description = "Build this stage (default: the last).")
    String target;

    @Option(names = "--no-cache", description = "Run every step; look nothing up in the build cache.")
    boolean noCache;

    @Option(names = "--pull", description = "Pull base images even when the store has them.")
    boolean pull;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "The platform to build for.")
    String platform;

    @Option(names = "--label", paramLabel = "NAME=VALUE", description = "Set a label on the image (repeatable).")
    List<String> labels = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "DEST",
            description = "Also write the image there: docker-archive:PATH, oci:DIR[:TAG], oci-archive:PATH, docker://REF.")
    List<String> outputs = new ArrayList<>();

    @Option(names = "--push", description = "Push every -t name to its registry.")
    boolean push;

    @Option(names = "--iidfile", paramLabel = "FILE", description = "Write the image ID to FILE.")
    Path iidfile;

    @Option(names = "--source-date-epoch", paramLabel = "SECONDS",
            description = "Reproducible output: every new time is this one (default: $SOURCE_DATE_EPOCH).")
    Long sourceDateEpoch;

    @Option(names = "--progress", paramLabel = "auto|plain|quiet", defaultValue = "auto",
            description = "Progress on stderr: a line per step (auto, plain), or none (quiet).")
    String progress;

    @Option(names = {"-q", "--quiet"}, description = "No progress; print only the image ID.")
    boolean quiet;

    @Option(names = "--network", paramLabel = "host|none", defaultValue = "host",
            description = "The network RUN steps get (default: host).")
    String network;

    @Mixin
    LimitOptions limits = new LimitOptions();

    @Option(names = "--secret", paramLabel = "id=ID,src=FILE", description = "A secret RUN --mount=type=secret may use.")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--runtime", paramLabel = "runc|crun|PATH",
            description = "Run RUN steps through this OCI runtime instead of lamina's own runner.")
    String runtime;

    @Option(names = "--snapshotter", paramLabel = "auto|overlay|walk",
            description = "How RUN steps become layers: overlay (root, overlayfs: costs what changed), walk (a metadata"
                    + " walk; rootless or without overlayfs), auto (overlay where it works; default: $LAMINA_SNAPSHOTTER"
                    + " or auto).")
    String snapshotter;

    @Option(names = "--ssh", paramLabel = "default|ID=SOCKET", hidden = true)
    List<String> ssh = new ArrayList<>();

    @Parameters(paramLabel = "CONTEXT", description = "A directory, '-' (a tar on stdin) or a git URL.")
    String contextArgument;

    @Override
    public Integer call() throws IOException {
        boolean silent = quiet || progress.toLowerCase(Locale.ROOT).equals("quiet");
        if (!List.of("auto", "plain", "quiet", "tty").contains(progress.toLowerCase(Locale.ROOT))) {
            throw new UsageException("--progress must be auto, plain or quiet: " + progress);
        }
        List<ImageReference> names = new ArrayList<>();
        for (String tag : tags) {
            names.add(reference(tag));
        }
        if (push && names.isEmpty()) {
            throw new UsageException("--push needs a name to push to (-t)");
        }
        List<ImageLocation> destinations = new ArrayList<>();
        for (String output : outputs) {
            destinations.add(ImageLocation.parse(output));
        }
        Map<String, String> args = keyValues(buildArgs, "--build-arg", true);
        Map<String, String> labelMap = keyValues(labels, "--label", false);
        Optional<Platform> targetPlatform = Optional.ofNullable(platform).map(Platform::parse);
        RunOptions run = runOptions();
        Optional<Instant> epoch = epoch();
        BuildProgress listener = new BuildProgress(lamina.console().err(), silent);
        Store store = lamina.store();
        try (Store.Lease lease = store.lease(); Opened opened = openContext(listener)) {
            BuildRequest request = new BuildRequest(opened.dockerfileName, opened.dockerfile, opened.context, args,
                    Optional.ofNullable(target), targetPlatform, labelMap, noCache, epoch, run);
            RegistryBaseImages baseImages = new RegistryBaseImages(store,
                    () -> lamina.registries().client(tls.tlsVerify), pull,
                    TransferProgress.on(lamina.console(), silent, TransferProgress.Verbs.PULL));
            BuildResult result = new Builder(store, baseImages, runSteps(listener)).build(request, listener);
            for (ImageLocation destination : destinations) {
                export(store, result, destination, listener, silent);
            }
            if (push) {
                for (ImageReference name : names) {
                    export(store, result, ImageLocation.parse("docker://" + name), listener, silent);
                }
            }
            listener.info("writing image " + result.imageId() + " done (" + result.stepsRun() + " steps run, "
                    + result.stepsCached() + " cached)");
            Catalog catalog = new Catalog(store);
            if (names.isEmpty() && destinations.isEmpty()) {
                catalog.keepUnnamed(result.manifest());
            }
            for (ImageReference name : names) {
                catalog.tag(name, result.manifest());
                listener.info("naming to " + name + " done");
            }
            if (iidfile != null) {
                Files.writeString(lamina.console().workingDirectory().resolve(iidfile), result.imageId().toString());
            }
            lamina.console().out().println(result.imageId());
        }
        return Lamina.OK;
    }

    /** Writes the built image to another transport, through the copy engine. */
    private void export(Store store, BuildResult result, ImageLocation location, BuildProgress listener, boolean silent)
            throws IOException {
        MountSources mounts = new StoreMountSources(store);
        try (ImageDestination destination = Endpoints.destination(location, lamina, tls.tlsVerify, mounts)) {
            List<String> names = location.name().map(List::of).orElse(List.of());
            ImageCopier.copy(new StoreSource(store), result.manifest(), destination, CopyOptions.defaults()
                    .withTags(names).withListener(TransferProgress.on(lamina.console(), silent,
                            location.isStore() ? TransferProgress.Verbs.COPY : TransferProgress.Verbs.PUSH)));
            destination.commit();
        }
        listener.info("exporting to " + location.text() + " done");
    }

    /** The context and the Dockerfile, from a directory, a tar on stdin or a git repository. */
    private record Opened(BuildContext context, String dockerfileName, byte[] dockerfile) implements AutoCloseable {
        @Override
        public void close() {
            context.close();
        }
    }

    private Opened openContext(BuildProgress listener) throws IOException {
        Console console = lamina.console();
        boolean dockerfileFromStdin = "-".equals(file);
        if (contextArgument.equals("-")) {
            if (dockerfileFromStdin) {
                throw new UsageException("the context and the Dockerfile cannot both come from stdin");
            }
            String inside = file == null ? "Dockerfile" : file;
            BuildContext context = BuildContexts.tar(console.in(), inside, listener::warning);
            return withDockerfile(context, inside, context.root().resolve(inside));
        }
        Optional<GitSource> git = BuildContexts.gitSource(contextArgument);
        if (git.isPresent()) {
            String inside = file == null ? "Dockerfile" : file;
            BuildContext context = BuildContexts.git(git.get(), inside);
            return withDockerfile(context, inside, context.root().resolve(inside));
        }
        Path dir = console.path(contextArgument);
        if (!Files.isDirectory(dir)) {
            throw new LaminaException("the build context " + contextArgument + " is not a directory");
        }
        if (dockerfileFromStdin) {
            byte[] content = console.in().readAllBytes();
            return new Opened(BuildContexts.directory(dir, dir.resolve("Dockerfile")), "Dockerfile", content);
        }
        Path dockerfile = file == null ? dir.resolve("Dockerfile") : console.path(file);
        String name = file == null ? "Dockerfile" : file;
        return withDockerfile(BuildContexts.directory(dir, dockerfile), name, dockerfile);
    }

    private static Opened withDockerfile(BuildContext context, String name, Path dockerfile) throws IOException {
        try {
            return new Opened(context, name, Files.readAllBytes(dockerfile));
        } catch (NoSuchFileException e) {
            context.close();
            throw new LaminaException("no Dockerfile: " + name + " does not exist");
        } catch (IOException | RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** {@code NAME=VALUE} pairs; for build arguments a bare {@code NAME} takes the environment's value, if any. */
    private Map<String, String> keyValues(List<String> values, String flag, boolean fromEnvironment) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            String name = eq < 0 ? value : value.substring(0, eq);
            if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
                throw new UsageException("invalid " + flag + " \"" + value + "\": expected NAME=VALUE");
            }
            if (eq >= 0) {
                out.put(name, value.substring(eq + 1));
            } else if (!fromEnvironment) {
                throw new UsageException("invalid " + flag + " \"" + value + "\": expected NAME=VALUE");
            } else if (lamina.console().env().containsKey(name)) {
                out.put(name, lamina.console().env().get(name));
            }
        }
        return out;
    }

    private Optional<Instant> epoch() {
        if (sourceDateEpoch != null) {
            return Optional.of(Instant.ofEpochSecond(sourceDateEpoch));
        }
        String env = lamina.console().env().get("SOURCE_DATE_EPOCH");
        if (env == null || env.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BuildRequest.parseEpoch(env));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** lamina's RUN: its own runner (or --runtime), the snapshotter asked for; --debug shows each step's phases. */
    private RunStepExecutor runSteps(BuildProgress listener) {
        RunSteps.Snapshotter chosen = snapshotter == null ? RunSteps.Snapshotter.fromEnvironment()
                : RunSteps.Snapshotter.parse(snapshotter);
        Runner runner = Runner.forRuntime(Optional.ofNullable(runtime), RunnerSettings.defaults());
        return new RunSteps(runner, chosen, timings -> {
            if (lamina.debug()) {
                listener.info(String.format(Locale.ROOT, "RUN timings (%s): prepare %.1f ms, run %.1f ms,"
                        + " diff %.1f ms, write %.1f ms", timings.snapshotter(), timings.prepare().toNanos() / 1e6,
                        timings.run().toNanos() / 1e6, timings.diff().toNanos() / 1e6, timings.write().toNanos() / 1e6));
            }
        });
    }

    private RunOptions runOptions() {
        if (!ssh.isEmpty()) {
            throw new UsageException("--ssh is not supported by lamina (no SSH agent forwarding into RUN steps)");
        }
        if (!network.equals("host") && !network.equals("none")) {
            throw new UsageException("--network must be host or none: " + network);
        }
        Map<String, Path> secretFiles = new LinkedHashMap<>();
        for (String secret : secrets) {
            String id = null;
            String src = null;
            for (String field : secret.split(",")) {
                int eq = field.indexOf('=');
                String key = eq < 0 ? field : field.substring(0, eq);
                String value = eq < 0 ? "" : field.substring(eq + 1);
                switch (key) {
                    case "id" -> id = value;
                    case "src", "source" -> src = value;
                    case "type" -> {
                        if (!value.equals("file")) {
                            throw new UsageException("invalid --secret \"" + secret + "\": only type=file is supported");
                        }
                    }
                    default -> throw new UsageException("invalid --secret \"" + secret + "\": unknown field " + key);
                }
            }
            if (id == null || id.isEmpty() || src == null || src.isEmpty()) {
                throw new UsageException("invalid --secret \"" + secret + "\": expected id=ID,src=FILE");
            }
            secretFiles.put(id, lamina.console().path(src));
        }
        return new RunOptions(network, limits.memoryBytes(), limits.cpus(), limits.pids(), secretFiles);
    }

    private static ImageReference reference(String tag) {
        try {
            return ImageReference.parse(tag);
        } catch (LaminaException e) {
            throw new UsageException("invalid -t \"" + tag + "\": " + e.getMessage());
        }
    }
}
