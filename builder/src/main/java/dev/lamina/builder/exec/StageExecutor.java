package dev.lamina.builder.exec;

import dev.lamina.builder.BaseImage;
import dev.lamina.builder.BuildException;
import dev.lamina.builder.BuildListener;
import dev.lamina.builder.BuildStep;
import dev.lamina.builder.LayerRef;
import dev.lamina.builder.RunMountSource;
import dev.lamina.builder.RunOutcome;
import dev.lamina.builder.RunStep;
import dev.lamina.builder.cache.KeyHasher;
import dev.lamina.builder.cache.StepInputs;
import dev.lamina.builder.context.BuildContext;
import dev.lamina.builder.context.ReadLog;
import dev.lamina.builder.copy.CopyOperation;
import dev.lamina.builder.copy.Directories;
import dev.lamina.builder.copy.LayerComposer;
import dev.lamina.builder.fs.ChainIds;
import dev.lamina.builder.fs.FileTree;
import dev.lamina.builder.fs.TreePaths;
import dev.lamina.builder.fs.TreeRootView;
import dev.lamina.builder.plan.PlannedStage;
import dev.lamina.builder.plan.StageBase;
import dev.lamina.builder.state.GoFormat;
import dev.lamina.builder.state.ImageState;
import dev.lamina.builder.state.Ports;
import dev.lamina.builder.state.Signals;
import dev.lamina.dockerfile.DockerfileException;
import dev.lamina.dockerfile.instructions.Add;
import dev.lamina.dockerfile.instructions.Arg;
import dev.lamina.dockerfile.instructions.ArgDefinition;
import dev.lamina.dockerfile.instructions.Cmd;
import dev.lamina.dockerfile.instructions.CommandArgs;
import dev.lamina.dockerfile.instructions.Copy;
import dev.lamina.dockerfile.instructions.Entrypoint;
import dev.lamina.dockerfile.instructions.Env;
import dev.lamina.dockerfile.instructions.Expose;
import dev.lamina.dockerfile.instructions.Healthcheck;
import dev.lamina.dockerfile.instructions.HealthcheckConfig;
import dev.lamina.dockerfile.instructions.InlineFile;
import dev.lamina.dockerfile.instructions.Instruction;
import dev.lamina.dockerfile.instructions.Instructions;
import dev.lamina.dockerfile.instructions.Label;
import dev.lamina.dockerfile.instructions.Maintainer;
import dev.lamina.dockerfile.instructions.Mount;
import dev.lamina.dockerfile.instructions.Onbuild;
import dev.lamina.dockerfile.instructions.Run;
import dev.lamina.dockerfile.instructions.Shell;
import dev.lamina.dockerfile.instructions.Source;
import dev.lamina.dockerfile.instructions.Sources;
import dev.lamina.dockerfile.instructions.StopSignal;
import dev.lamina.dockerfile.instructions.User;
import dev.lamina.dockerfile.instructions.Volume;
import dev.lamina.dockerfile.instructions.Workdir;
import dev.lamina.dockerfile.scope.PlatformArgs;
import dev.lamina.dockerfile.scope.StageScope;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.io.IoErrors;
import dev.lamina.tarball.layer.LayerBlob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds one stage: its base, the base's ONBUILD triggers, then each instruction, dispatched through the parser's
 * compiler-checked visitor. Metadata instructions change the config and add BuildKit's history entry
 * ({@code empty_layer}); COPY, ADD, WORKDIR and RUN are steps that make a layer, each through the {@link StepCache}.
 */
final class StageExecutor implements Instruction.Visitor<Void> {
    private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    private final BuildSession session;
    private final PlannedStage planned;
    private final StepCache steps;
    private ImageState state;
    private StageScope scope;
    private Words words;
    private final List<String> declaredArgs = new ArrayList<>();
    private boolean cmdSet;
    private int stepIndex;
    private int stepTotal;
    private int position;
    private boolean inTrigger;
    private Source current;

    StageExecutor(BuildSession session, PlannedStage planned) {
        this.session = session;
        this.planned = planned;
        this.steps = new StepCache(session);
    }

    StageResult run() throws IOException {
        stepTotal = planned.steps();
        List<Instruction> triggered = triggers(start());
        stepTotal += (int) triggered.stream().filter(StageExecutor::makesLayer).count();
        inTrigger = true;
        triggered.forEach(this::dispatch);
        inTrigger = false;
        planned.stage().instructions().forEach(this::dispatch);
        return new StageResult(state, declaredArgs, scope.usedBuildArgs());
    }

    /** Sets up the state from the stage's base; returns the base's ONBUILD triggers. */
    private List<String> start() throws IOException {
        StageBase base = planned.base();
        if (base instanceof StageBase.Scratch) {
            state = ImageState.scratch(planned.platform());
        } else if (base instanceof StageBase.Stage stage) {
            StageResult earlier = session.stage(stage.index());
            state = earlier.state();
            declaredArgs.addAll(earlier.declaredArgs());
        } else {
            ImageReference reference = ((StageBase.Image) base).reference();
            BuildStep step = nextStep("FROM " + reference);
            session.listener.stepStarted(step);
            long started = System.nanoTime();
            BaseImage image;
            try {
                image = session.image(reference, planned.platform());
            } catch (LaminaException e) {
                throw BuildSession.at(location(fromLine()), "FROM " + planned.baseName() + ": " + e.getMessage());
            }
            state = ImageState.fromBase(image.config(), image.layers());
            session.listener.stepFinished(step, image.pulled() ? BuildListener.Status.DONE
                    : BuildListener.Status.CACHED, Duration.ofNanos(System.nanoTime() - started), Optional.empty());
        }
        List<String> triggers = new ArrayList<>();
        state.configField("OnBuild").ifPresent(node -> node.forEach(t -> triggers.add(t.asText())));
        state = state.withConfig(c -> c.remove("OnBuild")); // triggers run here, once; they are not inherited
        scope = new StageScope(state.env(), session.request.buildArgs(), session.plan.globals(),
                session.plan.platformArgs(), session.plan.dockerfile().lexer());
        words = new Words(session.plan.dockerfile().lexer(), scope);
        return triggers;
    }

    private List<Instruction> triggers(List<String> expressions) {
        if (expressions.isEmpty()) {
            return List.of();
        }
        try {
            return Instructions.parseTriggers(session.plan.dockerfile().file(), expressions);
        } catch (DockerfileException e) {
            throw BuildSession.at(location(fromLine()), "ONBUILD trigger of " + planned.baseName() + ": "
                    + e.reason());
        }
    }

    /** Runs one instruction; a failure is worded at its line (a trigger's at the stage's FROM). */
    private void dispatch(Instruction instruction) {
        current = instruction.source();
        try {
            instruction.accept(this);
        } catch (UncheckedIOException e) {
            throw new BuildException(where() + ": " + IoErrors.describe(e.getCause()), e.getCause());
        } catch (DockerfileException e) {
            throw inTrigger ? BuildSession.at(where(), current.original() + ": " + e.reason()) : e;
        } catch (Located e) {
            throw e;
        } catch (LaminaException e) {
            throw new Located(where() + ": " + e.getMessage(), e);
        } finally {
            position++;
        }
    }

    private String where() {
        return inTrigger ? location(fromLine()) + ": ONBUILD" : location(current);
    }

    // ---- metadata instructions ----

    @Override
    public Void visit(Env env) {
        StringBuilder history = new StringBuilder("ENV");
        for (String[] pair : words.pairs(env.pairs())) {
            history.append(' ').append(pair[0]).append('=').append(pair[1]);
            state = state.withEnv(pair[0], pair[1]);
            scope.setEnv(pair[0], pair[1]);
        }
        commit(history.toString());
        return null;
    }

    @Override
    public Void visit(Label label) {
        StringBuilder history = new StringBuilder("LABEL");
        for (String[] pair : words.pairs(label.pairs())) {
            history.append(' ').append(pair[0]).append('=').append(pair[1]);
            state = state.withMapEntry("Labels", pair[0], pair[1]);
        }
        commit(history.toString());
        return null;
    }

    @Override
    public Void visit(Arg arg) {
        scope.declare(arg);
        List<String> parts = new ArrayList<>();
        for (ArgDefinition definition : arg.definitions()) {
            declaredArgs.remove(definition.name());
            declaredArgs.add(definition.name());
            String value = scope.args().get(definition.name());
            parts.add(value == null ? definition.name() : definition.name() + "=" + value);
        }
        commit("ARG " + String.join(" ", parts));
        return null;
    }

    @Override
    public Void visit(User user) {
        String value = words.expand(user.user());
        state = state.withText("User", value);
        commit("USER " + value);
        return null;
    }

    @Override
    public Void visit(Expose expose) {
        List<String> specs = new ArrayList<>();
        expose.ports().forEach(port -> specs.addAll(words.expandWords(port)));
        List<String> ports = Ports.parse(specs);
        state = state.withSetEntries("ExposedPorts", ports);
        commit("EXPOSE " + GoFormat.list(ports));
        return null;
    }

    @Override
    public Void visit(Volume volume) {
        List<String> paths = words.expandAll(volume.paths());
        if (paths.contains("")) {
            throw new BuildException("VOLUME specified can not be an empty string");
        }
        state = state.withSetEntries("Volumes", paths);
        commit("VOLUME " + GoFormat.list(paths));
        return null;
    }

    @Override
    public Void visit(StopSignal stopSignal) {
        String signal = words.expand(stopSignal.signal());
        Signals.check(signal);
        state = state.withText("StopSignal", signal);
        commit("STOPSIGNAL " + signal);
        return null;
    }

    @Override
    public Void visit(Cmd cmd) {
        List<String> args = withShell(cmd.command());
        state = state.withList("Cmd", args).withConfig(c -> c.put("ArgsEscaped", true));
        cmdSet = true;
        commit("CMD " + GoFormat.quotedList(args));
        return null;
    }

    @Override
    public Void visit(Entrypoint entrypoint) {
        List<String> args = withShell(entrypoint.command());
        state = state.withList("Entrypoint", args);
        if (!cmdSet) {
            state = state.withConfig(c -> c.remove("Cmd")); // an ENTRYPOINT drops the CMD it inherits, not its stage's
        }
        commit("ENTRYPOINT " + GoFormat.quotedList(args));
        return null;
    }

    @Override
    public Void visit(Healthcheck healthcheck) {
        HealthcheckConfig h = healthcheck.config();
        state = state.withHealthcheck(h.test(), h.interval(), h.timeout(), h.startPeriod(), h.startInterval(),
                h.retries());
        // BuildKit writes fmt.Sprintf("HEALTHCHECK %q", config): a pointer to a struct, each field quoted
        commit("HEALTHCHECK &{" + GoFormat.quotedList(h.test()) + " \"" + GoFormat.duration(h.interval()) + "\" \""
                + GoFormat.duration(h.timeout()) + "\" \"" + GoFormat.duration(h.startPeriod()) + "\" \""
                + GoFormat.duration(h.startInterval()) + "\" " + GoFormat.quotedRune(h.retries()) + "}");
        return null;
    }

    @Override
    public Void visit(Shell shell) {
        state = state.withList("Shell", shell.shell());
        commit("SHELL " + GoFormat.list(shell.shell()));
        return null;
    }

    @Override
    public Void visit(Onbuild onbuild) {
        // recorded for images built on this one; BuildKit adds no history entry for it
        List<String> triggers = new ArrayList<>();
        state.configField("OnBuild").ifPresent(node -> node.forEach(t -> triggers.add(t.asText())));
        triggers.add(onbuild.expression());
        state = state.withList("OnBuild", triggers);
        return null;
    }

    @Override
    public Void visit(Maintainer maintainer) {
        state = state.withAuthor(maintainer.maintainer());
        commit("MAINTAINER " + maintainer.maintainer());
        return null;
    }

    // ---- steps that make a layer ----

    @Override
    public Void visit(Workdir workdir) {
        String requested = words.expand(workdir.path());
        if (requested.isEmpty()) {
            throw new BuildException("cannot normalize nothing");
        }
        String wd = "/" + TreePaths.of(requested.startsWith("/") ? requested : workdir() + "/" + requested);
        state = state.withText("WorkingDir", wd);
        if (wd.equals("/")) {
            commit("WORKDIR /");
            return null;
        }
        BuildStep step = nextStep(words.display(workdir.source()));
        String user = state.view().user();
        Digest operation = new KeyHasher("workdir-v1").add("path", wd).add("user", user)
                .add("epoch", session.epoch.map(Instant::toString).orElse("")).digest();
        StepCache.Result result = steps.run(step, slot(), operation, state.chainId(), new StepInputs(), created -> {
            FileTree tree = tree();
            Optional<LayerComposer.Written> written = Directories.makeAll(tree, wd, user,
                    () -> new TreeRootView(tree, session.store), created, session.store, session.layerOptions);
            return written.isPresent() ? record(written.get())
                    : LayerRef.of(LayerComposer.empty(session.store, session.layerOptions));
        });
        state = state.withLayer(result.layer(), "WORKDIR " + wd, result.created());
        return null;
    }

    @Override
    public Void visit(Copy copy) {
        String dest = words.expand(copy.sources().destination());
        CopyOperation.Spec spec = copySpec(false, copy.sources(), dest, copy.chown(), copy.chmod(), copy.link(),
                copy.parents(), copy.excludes(), Optional.empty(), false, Optional.empty());
        if (copy.from().isEmpty()) {
            copyStep(copy.source(), spec, contextSource(), dest);
            return null;
        }
        String from = copy.from().get();
        List<LayerRef> layers;
        try {
            layers = unchecked(() -> session.layersOf(from, planned));
        } catch (LaminaException e) {
            throw new Located(location(copy.source()) + ": COPY " + e.getMessage(), e);
        }
        Digest chain = ChainIds.of(layers.stream().map(LayerRef::diffId).toList());
        copyStep(copy.source(), spec, new CopySource(() -> session.sourceView(from, planned), Optional.of(chain),
                Optional.empty()), dest);
        return null;
    }

    @Override
    public Void visit(Add add) {
        String dest = words.expand(add.sources().destination());
        CopyOperation.Spec spec = copySpec(true, add.sources(), dest, add.chown(), add.chmod(), add.link(), false,
                add.excludes(), add.checksum(), add.keepGitDir(), add.unpack());
        copyStep(add.source(), spec, contextSource(), dest);
        return null;
    }

    @Override
    public Void visit(Run run) {
        List<String> args = runArgs(run.command());
        Map<String, String> env = runEnvironment();
        String network = run.network().equals("default") ? session.request.run().network() : run.network();
        List<RunMountSource> mounts = new ArrayList<>();
        KeyHasher operation = new KeyHasher("run-v1").add("argv", args)
                .add("env", env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .add("user", state.view().user()).add("workdir", workdir()).add("network", network)
                .add("security", run.security());
        for (Mount mount : run.mounts(words::expand)) {
            Optional<List<LayerRef>> fromLayers = mount.from()
                    .map(from -> unchecked(() -> session.layersOf(from, planned)));
            mounts.add(new RunMountSource(mount, fromLayers));
            operation.add("mount", mount.toString()).add("mountFrom", fromLayers
                    .map(l -> ChainIds.of(l.stream().map(LayerRef::diffId).toList()).toString()).orElse(""));
        }
        String text = words.display(run.source());
        BuildStep step = nextStep(text);
        StepCache.Result result = steps.run(step, slot(), operation.digest(), state.chainId(), new StepInputs(),
                created -> {
                    RunStep runStep = new RunStep(location(run.source()), text, state.layers(), state.chainId(), args,
                            env, state.view().user(), workdir(), network, run.security(), mounts,
                            session.request.run(), session.request.context().root(), session.layerOptions,
                            session.store);
                    RunOutcome outcome = session.runSteps.execute(runStep, session.listener.output(step));
                    LayerBlob blob = outcome instanceof RunOutcome.Changed changed ? changed.layer()
                            : LayerComposer.empty(session.store, session.layerOptions);
                    return LayerRef.of(blob);
                });
        state = state.withLayer(result.layer(), "RUN " + runHistory(args) + " # buildkit", result.created());
        return null;
    }

    // ---- COPY and ADD ----

    /** COPY's or ADD's words expanded (flag values too), the destination made absolute. */
    private CopyOperation.Spec copySpec(boolean add, Sources sources, String dest, Optional<String> chown,
            Optional<String> chmod, boolean link, boolean parents, List<String> excludes, Optional<String> checksum,
            boolean keepGitDir, Optional<Boolean> unpack) {
        Map<String, String> inline = new LinkedHashMap<>();
        for (InlineFile file : sources.inline()) {
            inline.put(file.name(), file.expand() ? words.heredoc(file.content()) : file.content());
        }
        return new CopyOperation.Spec(add, words.expandAll(sources.paths()), inline, destination(dest),
                chown.map(words::expand), chmod.map(words::expand), link, parents, words.expandAll(excludes),
                checksum.map(words::expand), keepGitDir, unpack, session.epoch);
    }

    /**
     * Where a COPY or ADD reads: how to open it, and, when a memo of the step's key may be kept, what identifies it
     * (the context's directory and ignore rules; the chain ID of a stage's or image's layers) and the directory its
     * read paths are in (the context's).
     */
    private record CopySource(BuildSession.IoSupplier<CopyOperation.SourceView> view, Optional<Digest> identity,
            Optional<java.nio.file.Path> root) {
    }

    private CopySource contextSource() {
        BuildContext context = session.request.context();
        Optional<Digest> identity = context.lasting() ? Optional.of(new KeyHasher("context")
                .add("root", context.root().toString())
                .add("ignore", context.ignore().patterns().stream().map(Object::toString).toList()).digest())
                : Optional.empty();
        return new CopySource(session::context, identity, Optional.of(context.root()));
    }

    private void copyStep(Source source, CopyOperation.Spec spec, CopySource from, String dest) {
        String keyword = spec.add() ? "ADD" : "COPY";
        String history = copyHistory(keyword, spec, dest) + " # buildkit";
        BuildStep step = nextStep(words.display(source));
        Optional<Digest> memo = from.identity().filter(identity -> CopyOperation.readsOnlyPaths(spec))
                .map(identity -> memoKey(spec, identity));
        Digest slot = slot();
        Optional<StepCache.Result> remembered = memo
                .flatMap(m -> session.memos.lookup(slot, m, from.root().orElse(session.request.context().root())))
                .flatMap(key -> steps.runFromMemo(step, slot, key));
        if (remembered.isPresent()) {
            state = state.withLayer(remembered.get().layer(), history, remembered.get().created());
            return;
        }
        ReadLog reads = new ReadLog();
        try (CopyOperation operation = prepare(spec, unchecked(from.view()), reads)) {
            operation.addOwnerInput(() -> new TreeRootView(unchecked(this::tree), session.store));
            Digest parent = spec.link() ? ChainIds.EMPTY : state.chainId(); // --link stands alone
            StepCache.Result result = steps.run(step, slot, operation.operation(), parent, operation.inputs(),
                    created -> record(operation.write(tree(), created, session.layerOptions,
                            () -> new TreeRootView(unchecked(this::tree), session.store))));
            if (memo.isPresent() && reads.settled()) {
                unchecked(() -> {
                    session.memos.remember(slot, memo.get(), result.key(), reads.versions());
                    return null;
                });
            }
            state = state.withLayer(result.layer(), history, result.created());
        } catch (Located e) {
            throw e;
        } catch (LaminaException e) {
            throw new Located(location(source) + ": " + keyword + ": " + e.getMessage(), e);
        }
    }

    /** Selects and fingerprints the step's sources, logging what it looks at in the context into {@code reads}. */
    private CopyOperation prepare(CopyOperation.Spec spec, CopyOperation.SourceView view, ReadLog reads) {
        view.logReadsTo(reads);
        try {
            return unchecked(() -> CopyOperation.prepare(spec, view, session.store));
        } finally {
            view.logReadsTo(null);
        }
    }

    /**
     * What a COPY or ADD is, apart from the files it reads: the instruction, the layers below (even for
     * {@code --link}, whose {@code --chown} names are looked up in them), where it reads, its heredocs' bodies.
     */
    private Digest memoKey(CopyOperation.Spec spec, Digest source) {
        return new KeyHasher("copy-memo-v1").add("operation", CopyOperation.operation(spec))
                .add("below", state.chainId()).add("source", source)
                .add("inline", List.copyOf(spec.inline().values())).digest();
    }

    /** BuildKit's history text: flags it shows, the sources as expanded, heredoc names, the destination as written. */
    private static String copyHistory(String keyword, CopyOperation.Spec spec, String dest) {
        StringBuilder text = new StringBuilder(keyword);
        if (spec.parents()) {
            text.append(" --parents");
        }
        spec.chown().ifPresent(c -> text.append(" --chown=").append(c));
        spec.chmod().ifPresent(c -> text.append(" --chmod=").append(c));
        spec.sources().forEach(s -> text.append(' ').append(s));
        spec.inline().keySet().forEach(name -> text.append(" <<").append(name));
        return text.append(' ').append(dest).toString();
    }

    /** COPY's destination made absolute against the working directory, a trailing slash (or {@code .}) kept. */
    private String destination(String dest) {
        boolean directory = dest.endsWith("/") || dest.endsWith("/.") || dest.equals(".") || dest.isEmpty();
        String clean = "/" + TreePaths.of(dest.startsWith("/") ? dest : workdir() + "/" + dest);
        return directory && !clean.equals("/") ? clean + "/" : clean;
    }

    // ---- RUN ----

    /** RUN's argv: heredocs resolved as BuildKit resolves them, the SHELL prepended to a shell form. */
    private List<String> runArgs(CommandArgs command) {
        List<String> args = command.args();
        if (!command.heredocs().isEmpty()) {
            if (args.size() != 1 || !command.shellForm()) {
                throw new BuildException("parsing produced an invalid run command: " + GoFormat.list(args));
            }
            if (command.heredocs().size() == 1 && args.get(0).trim().startsWith("<<")) {
                args = List.of(command.heredocs().get(0).content());
            } else {
                StringBuilder script = new StringBuilder(args.get(0));
                for (InlineFile file : command.heredocs()) {
                    script.append('\n').append(file.rawContent()).append(file.name());
                }
                args = List.of(script.toString());
            }
        }
        return withShell(new CommandArgs(args, command.shellForm(), List.of()));
    }

    /** The image's environment, then the ARGs in scope (ENV wins), then proxy build arguments. */
    private Map<String, String> runEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(state.env());
        scope.args().forEach(env::putIfAbsent);
        session.request.buildArgs().forEach((name, value) -> {
            if (PlatformArgs.PROXY_ARGS.contains(name)) {
                env.putIfAbsent(name, value);
            }
        });
        return env;
    }

    /** BuildKit's RUN history: {@code |N K=V …} for the stage's ARGs, then the command. */
    private String runHistory(List<String> args) {
        List<String> out = new ArrayList<>();
        if (!declaredArgs.isEmpty()) {
            out.add("|" + declaredArgs.size());
            declaredArgs.forEach(name -> out.add(name + "=" + scope.get(name).orElse("")));
        }
        out.addAll(args);
        return String.join(" ", out);
    }

    // ---- helpers ----

    private void commit(String createdBy) {
        state = state.withHistory(createdBy, session.epoch);
    }

    private List<String> withShell(CommandArgs command) {
        if (!command.shellForm()) {
            return command.args();
        }
        List<String> shell = state.view().shell();
        List<String> argv = new ArrayList<>(shell == null || shell.isEmpty() ? DEFAULT_SHELL : shell);
        argv.add(String.join(" ", command.args()));
        return argv;
    }

    private String workdir() {
        String wd = state.view().workingDir();
        return wd.isEmpty() ? "/" : wd;
    }

    private LayerRef record(LayerComposer.Written written) throws IOException {
        LayerRef layer = LayerRef.of(written.layer());
        session.listings.record(layer, written.listing());
        return layer;
    }

    private FileTree tree() throws IOException {
        return session.listings.tree(state.layers());
    }

    private BuildStep nextStep(String text) {
        stepIndex++;
        return new BuildStep(planned.displayName(), stepIndex, Math.max(stepTotal, stepIndex),
                (inTrigger ? "ONBUILD " : "") + text);
    }

    /** Where the current step is, for the cache's record of what it read last time. */
    private Digest slot() {
        return new KeyHasher("slot").add("context", session.request.context().description())
                .add("dockerfile", session.request.dockerfileName()).add("stage", planned.index())
                .add("position", position).add("trigger", inTrigger).digest();
    }

    private Source fromLine() {
        return planned.stage().from().source();
    }

    private static boolean makesLayer(Instruction instruction) {
        return instruction instanceof Copy || instruction instanceof Add || instruction instanceof Run
                || instruction instanceof Workdir;
    }

    static String location(Source source) {
        return source.file() + ":" + source.range().startLine();
    }

    private static <T> T unchecked(BuildSession.IoSupplier<T> action) {
        return BuildSession.unchecked(action);
    }

    /** A failure already worded with its place. */
    static final class Located extends BuildException {
        Located(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
