package dev.lamina.builder.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.builder.BaseImage;
import dev.lamina.builder.BuildException;
import dev.lamina.builder.BuildListener;
import dev.lamina.builder.BuildStep;
import dev.lamina.builder.LayerRef;
import dev.lamina.builder.RunMountSource;
import dev.lamina.builder.RunOutcome;
import dev.lamina.builder.RunStep;
import dev.lamina.builder.cache.CacheRecord;
import dev.lamina.builder.cache.KeyHasher;
import dev.lamina.builder.cache.StepInputs;
import dev.lamina.builder.copy.CopyOperation;
import dev.lamina.builder.copy.Directories;
import dev.lamina.builder.copy.LayerComposer;
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
import dev.lamina.dockerfile.instructions.KeyValue;
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
import dev.lamina.dockerfile.shell.ExpansionException;
import dev.lamina.dockerfile.shell.ShellLex;
import dev.lamina.image.Digest;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
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
 * compiler-checked visitor. Metadata instructions change the config and add a history entry ({@code empty_layer});
 * COPY, ADD, WORKDIR and RUN are steps that make a layer, each looked up in the build cache first.
 */
final class StageExecutor implements Instruction.Visitor<Void> {
    private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    private final BuildSession session;
    private final PlannedStage planned;
    private final ShellLex lex;
    private ImageState state;
    private StageScope scope;
    private final List<String> declaredArgs = new ArrayList<>();
    private boolean cmdSet;
    private int stepIndex;
    private int stepTotal;
    private int instructionIndex;
    private boolean inTrigger;
    private Source current;

    StageExecutor(BuildSession session, PlannedStage planned) {
        this.session = session;
        this.planned = planned;
        this.lex = session.plan.dockerfile().lexer();
    }

    StageResult run() throws IOException {
        stepTotal = planned.steps();
        List<String> triggers = start();
        List<Instruction> triggered = List.of();
        if (!triggers.isEmpty()) {
            try {
                triggered = Instructions.parseTriggers(session.plan.dockerfile().file(), triggers);
            } catch (DockerfileException e) {
                throw BuildSession.at(location(planned.stage().from().source()), "ONBUILD trigger of "
                        + planned.baseName() + ": " + e.reason());
            }
        }
        stepTotal += (int) triggered.stream().filter(StageExecutor::makesLayer).count();
        inTrigger = true;
        for (Instruction instruction : triggered) {
            dispatch(instruction);
        }
        inTrigger = false;
        for (Instruction instruction : planned.stage().instructions()) {
            dispatch(instruction);
            instructionIndex++;
        }
        return new StageResult(state, declaredArgs, scope.usedBuildArgs());
    }

    /** Sets up the state from the stage's base; returns the ONBUILD triggers to run first. */
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
                throw BuildSession.at(location(planned.stage().from().source()), "FROM " + planned.baseName() + ": "
                        + e.getMessage());
            }
            state = ImageState.fromBase(image.config(), image.layers());
            finished(step, image.pulled() ? BuildListener.Status.DONE : BuildListener.Status.CACHED, started,
                    Optional.empty());
        }
        List<String> triggers = new ArrayList<>();
        state.configField("OnBuild").ifPresent(node -> node.forEach(t -> triggers.add(t.asText())));
        state = state.withConfig(c -> c.remove("OnBuild"));
        scope = new StageScope(state.env(), session.request.buildArgs(), session.plan.globals(),
                session.plan.platformArgs(), lex);
        return triggers;
    }

    private void dispatch(Instruction instruction) {
        current = instruction.source();
        try {
            instruction.accept(this);
        } catch (UncheckedIOException e) {
            throw new BuildException(location(current) + ": " + describe(e.getCause()), e.getCause());
        } catch (DockerfileException e) {
            throw inTrigger ? BuildSession.at(location(planned.stage().from().source()), "ONBUILD "
                    + current.original() + ": " + e.reason()) : e;
        } catch (Located e) {
            throw e;
        } catch (LaminaException e) {
            String where = inTrigger ? location(planned.stage().from().source()) + ": ONBUILD" : location(current);
            throw new Located(where + ": " + e.getMessage(), e);
        }
    }

    // ---- metadata instructions ----

    @Override
    public Void visit(Env env) {
        List<String[]> pairs = expandPairs(env.pairs());
        StringBuilder history = new StringBuilder("ENV");
        for (String[] pair : pairs) {
            history.append(' ').append(pair[0]).append('=').append(pair[1]);
            state = state.withConfig(c -> setEnv(c, pair[0], pair[1]));
            scope.setEnv(pair[0], pair[1]);
        }
        commit(history.toString());
        return null;
    }

    @Override
    public Void visit(Label label) {
        List<String[]> pairs = expandPairs(label.pairs());
        StringBuilder history = new StringBuilder("LABEL");
        for (String[] pair : pairs) {
            history.append(' ').append(pair[0]).append('=').append(pair[1]);
            state = state.withConfig(c -> object(c, "Labels").put(pair[0], pair[1]));
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
        String value = expand(user.user());
        state = state.withConfig(c -> c.put("User", value));
        commit("USER " + value);
        return null;
    }

    @Override
    public Void visit(Expose expose) {
        List<String> words = new ArrayList<>();
        for (String port : expose.ports()) {
            try {
                words.addAll(lex.expandWords(port, scope));
            } catch (ExpansionException e) {
                throw new BuildException(e.getMessage());
            }
        }
        List<String> ports = Ports.parse(words);
        state = state.withConfig(c -> ports.forEach(p -> object(c, "ExposedPorts").putObject(p)));
        commit("EXPOSE " + GoFormat.list(ports));
        return null;
    }

    @Override
    public Void visit(Volume volume) {
        List<String> paths = new ArrayList<>();
        for (String path : volume.paths()) {
            String value = expand(path);
            if (value.isEmpty()) {
                throw new BuildException("VOLUME specified can not be an empty string");
            }
            paths.add(value);
        }
        state = state.withConfig(c -> paths.forEach(p -> object(c, "Volumes").putObject(p)));
        commit("VOLUME " + GoFormat.list(paths));
        return null;
    }

    @Override
    public Void visit(StopSignal stopSignal) {
        String signal = expand(stopSignal.signal());
        Signals.check(signal);
        state = state.withConfig(c -> c.put("StopSignal", signal));
        commit("STOPSIGNAL " + signal);
        return null;
    }

    @Override
    public Void visit(Cmd cmd) {
        List<String> args = withShell(cmd.command());
        state = state.withConfig(c -> {
            array(c, "Cmd", args);
            c.put("ArgsEscaped", true);
        });
        cmdSet = true;
        commit("CMD " + GoFormat.quotedList(args));
        return null;
    }

    @Override
    public Void visit(Entrypoint entrypoint) {
        List<String> args = withShell(entrypoint.command());
        state = state.withConfig(c -> {
            array(c, "Entrypoint", args);
            if (!cmdSet) {
                c.remove("Cmd"); // an ENTRYPOINT drops the CMD it inherits, not one this stage set
            }
        });
        commit("ENTRYPOINT " + GoFormat.quotedList(args));
        return null;
    }

    @Override
    public Void visit(Healthcheck healthcheck) {
        HealthcheckConfig h = healthcheck.config();
        state = state.withConfig(c -> {
            ObjectNode node = c.putObject("Healthcheck");
            ArrayNode test = node.putArray("Test");
            h.test().forEach(test::add);
            putDuration(node, "Interval", h.interval());
            putDuration(node, "Timeout", h.timeout());
            putDuration(node, "StartPeriod", h.startPeriod());
            putDuration(node, "StartInterval", h.startInterval());
            if (h.retries() != 0) {
                node.put("Retries", h.retries());
            }
        });
        // BuildKit writes the struct with %+v
        commit("HEALTHCHECK {Test:" + GoFormat.list(h.test()) + " Interval:" + GoFormat.duration(h.interval())
                + " Timeout:" + GoFormat.duration(h.timeout()) + " StartPeriod:" + GoFormat.duration(h.startPeriod())
                + " StartInterval:" + GoFormat.duration(h.startInterval()) + " Retries:" + h.retries() + "}");
        return null;
    }

    @Override
    public Void visit(Shell shell) {
        state = state.withConfig(c -> array(c, "Shell", shell.shell()));
        commit("SHELL " + GoFormat.list(shell.shell()));
        return null;
    }

    @Override
    public Void visit(Onbuild onbuild) {
        // recorded for images built on this one; BuildKit adds no history entry for it
        state = state.withConfig(c -> {
            JsonNode existing = c.get("OnBuild");
            ArrayNode list = existing instanceof ArrayNode a ? a : c.putArray("OnBuild");
            list.add(onbuild.expression());
        });
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
        String requested = expand(workdir.path());
        if (requested.isEmpty()) {
            throw new BuildException("cannot normalize nothing");
        }
        String base = state.view().workingDir().isEmpty() ? "/" : state.view().workingDir();
        String wd = "/" + TreePaths.of(requested.startsWith("/") ? requested : base + "/" + requested);
        state = state.withConfig(c -> c.put("WorkingDir", wd));
        if (wd.equals("/")) {
            commit("WORKDIR /");
            return null;
        }
        BuildStep step = nextStep(display(workdir.source()));
        String user = state.view().user();
        Digest operation = new KeyHasher("workdir-v1").add("path", wd).add("user", user)
                .add("epoch", session.epoch.map(Instant::toString).orElse("")).digest();
        LayerStep result = layerStep(step, operation, true, new StepInputs(), created -> {
            FileTree tree = tree();
            long uid = 0;
            long gid = 0;
            if (!user.isEmpty()) {
                dev.lamina.builder.run.ResolvedUser owner = chownOf(user, tree);
                uid = owner.uid();
                gid = owner.gid();
            }
            Optional<LayerComposer.Written> written = Directories.makeAll(tree, wd, uid, gid, created, session.store,
                    session.layerOptions);
            if (written.isPresent()) {
                return record(written.get());
            }
            return LayerRef.of(LayerComposer.empty(session.store, session.layerOptions));
        });
        state = state.withLayer(result.layer(), "WORKDIR " + wd, result.created());
        return null;
    }

    @Override
    public Void visit(Copy copy) {
        String dest = expand(copy.sources().destination());
        CopyOperation.Spec spec = copySpec(false, copy.sources(), dest, copy.chown(), copy.chmod(), copy.link(),
                copy.parents(), copy.excludes(), Optional.empty(), false, Optional.empty());
        CopyOperation.SourceView from = session.context();
        if (copy.from().isPresent()) {
            try {
                from = sourceStage(copy.from().get());
            } catch (LaminaException e) {
                throw new Located(location(copy.source()) + ": COPY " + e.getMessage(), e);
            }
        }
        copyStep(copy.source(), spec, from, dest);
        return null;
    }

    @Override
    public Void visit(Add add) {
        String dest = expand(add.sources().destination());
        CopyOperation.Spec spec = copySpec(true, add.sources(), dest, add.chown(), add.chmod(), add.link(), false,
                add.excludes(), add.checksum(), add.keepGitDir(), add.unpack());
        copyStep(add.source(), spec, session.context(), dest);
        return null;
    }

    /** COPY's or ADD's words expanded (flag values too), the destination made absolute. */
    private CopyOperation.Spec copySpec(boolean add, Sources sources, String dest, Optional<String> chown,
            Optional<String> chmod, boolean link, boolean parents, List<String> excludes, Optional<String> checksum,
            boolean keepGitDir, Optional<Boolean> unpack) {
        return new CopyOperation.Spec(add, expandAll(sources.paths()), inline(sources), destination(dest),
                chown.map(this::expand), chmod.map(this::expand), link, parents, expandAll(excludes),
                checksum.map(this::expand), keepGitDir, unpack, session.epoch);
    }

    @Override
    public Void visit(Run run) {
        List<String> args = runArgs(run.command());
        Map<String, String> env = runEnvironment();
        String network = run.network().equals("default") ? session.request.run().network() : run.network();
        List<Mount> mounts = run.mounts(this::expand);
        List<RunMountSource> mountSources = new ArrayList<>();
        KeyHasher operation = new KeyHasher("run-v1").add("argv", args)
                .add("env", env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .add("user", state.view().user()).add("workdir", workdir()).add("network", network)
                .add("security", run.security());
        for (Mount mount : mounts) {
            Optional<List<LayerRef>> fromLayers = Optional.empty();
            if (mount.from().isPresent()) {
                fromLayers = Optional.of(unchecked(() -> layersOf(mount.from().get())));
            }
            mountSources.add(new RunMountSource(mount, fromLayers));
            operation.add("mount", mount.toString()).add("mountFrom", fromLayers.map(l ->
                    dev.lamina.builder.fs.ChainIds.of(l.stream().map(LayerRef::diffId).toList()).toString())
                    .orElse(""));
        }
        String text = display(run.source());
        BuildStep step = nextStep(text);
        String history = "RUN " + runHistory(args) + " # buildkit";
        LayerStep result = layerStep(step, operation.digest(), true, new StepInputs(), created -> {
            RunStep runStep = new RunStep(location(run.source()), text, state.layers(), state.chainId(), args, env,
                    state.view().user(), workdir(), network, run.security(), mountSources, session.request.run(),
                    session.request.context().root(), session.layerOptions, session.store);
            RunOutcome outcome = session.runSteps.execute(runStep, session.listener.output(step));
            LayerBlob blob = outcome instanceof RunOutcome.Changed changed ? changed.layer()
                    : LayerComposer.empty(session.store, session.layerOptions);
            return LayerRef.of(blob);
        });
        state = state.withLayer(result.layer(), history, result.created());
        return null;
    }

    // ---- COPY and ADD ----

    private void copyStep(Source source, CopyOperation.Spec spec, CopyOperation.SourceView from, String dest) {
        String keyword = spec.add() ? "ADD" : "COPY";
        BuildStep step = nextStep(display(source));
        try (CopyOperation operation = unchecked(() -> CopyOperation.prepare(spec, from, session.store))) {
            operation.addOwnerInput(() -> new TreeRootView(unchecked(this::tree), session.store));
            LayerStep result = layerStep(step, operation.operation(), !spec.link(), operation.inputs(), created ->
                    record(operation.write(tree(), created, session.layerOptions,
                            () -> new TreeRootView(unchecked(this::tree), session.store))));
            state = state.withLayer(result.layer(), copyHistory(keyword, spec, dest) + " # buildkit",
                    result.created());
        } catch (Located e) {
            throw e;
        } catch (LaminaException e) {
            throw new Located(location(source) + ": " + keyword + ": " + e.getMessage(), e);
        }
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
        text.append(' ').append(dest);
        return text.toString();
    }

    private CopyOperation.SourceView sourceStage(String from) {
        Optional<dev.lamina.builder.plan.PlannedStage> stage = session.plan.find(from)
                .filter(s -> s.index() < planned.index());
        if (stage.isPresent()) {
            StageResult result = unchecked(() -> session.stage(stage.get().index()));
            return CopyOperation.SourceView.tree(unchecked(() -> session.listings.tree(result.state().layers())),
                    "stage " + stage.get().name().orElse(String.valueOf(stage.get().index())));
        }
        if (from.matches("[0-9]+")) {
            throw new BuildException("invalid stage index " + from);
        }
        ImageReference reference;
        try {
            reference = ImageReference.parse(from);
        } catch (LaminaException e) {
            throw new BuildException("--from=" + from + ": no such stage, and not an image reference: "
                    + e.getMessage());
        }
        BaseImage image;
        try {
            image = unchecked(() -> session.image(reference, planned.platform()));
        } catch (LaminaException e) {
            throw new BuildException("--from=" + from + ": no stage by that name" + suggestion(from)
                    + ", and no such image: " + e.getMessage());
        }
        return CopyOperation.SourceView.tree(unchecked(() -> session.listings.tree(image.layers())),
                "image " + reference.familiar());
    }

    private String suggestion(String from) {
        return session.plan.stages().stream().flatMap(s -> s.name().stream())
                .filter(name -> editDistance(name, from.toLowerCase(java.util.Locale.ROOT)) <= 2)
                .findFirst().map(name -> " (did you mean " + name + "?)").orElse("");
    }

    private List<LayerRef> layersOf(String from) throws IOException {
        Optional<dev.lamina.builder.plan.PlannedStage> stage = session.plan.find(from)
                .filter(s -> s.index() < planned.index());
        if (stage.isPresent()) {
            return session.stage(stage.get().index()).state().layers();
        }
        return session.image(ImageReference.parse(from), planned.platform()).layers();
    }

    // ---- the cache around a step ----

    /** A step's result: its layer and when that was made. */
    private record LayerStep(LayerRef layer, Instant created) {
    }

    @FunctionalInterface
    private interface LayerMaker {
        LayerRef make(Instant created) throws IOException;
    }

    /**
     * Looks the step up in the cache by its key (the operation, the files it reads, and the layers below unless the
     * step stands alone, as {@code COPY --link} does); on a miss runs it, records the result and says why it ran.
     */
    private LayerStep layerStep(BuildStep step, Digest operation, boolean dependsOnParent, StepInputs inputs,
            LayerMaker maker) {
        Digest parent = dependsOnParent ? state.chainId() : dev.lamina.builder.fs.ChainIds.EMPTY;
        Digest key = new KeyHasher("step-v1").add("operation", operation).add("parent", parent)
                .add("inputs", inputs.digest()).digest();
        Digest slot = new KeyHasher("slot").add("context", session.request.context().description())
                .add("dockerfile", session.request.dockerfileName()).add("stage", planned.index())
                .add("instruction", (inTrigger ? "onbuild:" : "") + instructionIndex).digest();
        session.listener.stepStarted(step);
        long started = System.nanoTime();
        Optional<CacheRecord> hit = session.request.noCache() ? Optional.empty() : session.cache.lookup(key);
        LayerStep result;
        Optional<String> why = Optional.empty();
        if (hit.isPresent()) {
            result = new LayerStep(hit.get().layerRef(), Instant.parse(hit.get().created()));
            session.stepsCached++;
        } else {
            why = session.request.noCache() ? Optional.empty()
                    : session.cache.explainMiss(slot, key, parent, operation, inputs);
            Instant created = session.epoch.orElseGet(Instant::now);
            LayerRef layer = unchecked(() -> maker.make(created));
            unchecked(() -> {
                session.cache.record(key, layer, created.toString(), step.text());
                return null;
            });
            result = new LayerStep(layer, created);
            session.stepsRun++;
        }
        unchecked(() -> {
            session.cache.remember(slot, key, parent, operation, inputs);
            return null;
        });
        finished(step, hit.isPresent() ? BuildListener.Status.CACHED : BuildListener.Status.DONE, started, why);
        return result;
    }

    private LayerRef record(LayerComposer.Written written) throws IOException {
        LayerRef layer = LayerRef.of(written.layer());
        session.listings.record(layer, written.listing());
        return layer;
    }

    private FileTree tree() throws IOException {
        return session.listings.tree(state.layers());
    }

    private void finished(BuildStep step, BuildListener.Status status, long startedNanos, Optional<String> why) {
        session.listener.stepFinished(step, status, Duration.ofNanos(System.nanoTime() - startedNanos), why);
    }

    private BuildStep nextStep(String text) {
        stepIndex++;
        return new BuildStep(planned.displayName(), stepIndex, Math.max(stepTotal, stepIndex),
                (inTrigger ? "ONBUILD " : "") + text);
    }

    // ---- helpers ----

    private void commit(String createdBy) {
        state = state.withHistory(createdBy, session.epoch);
    }

    private String expand(String word) {
        try {
            return lex.expand(word, scope);
        } catch (ExpansionException e) {
            throw new BuildException(e.getMessage());
        }
    }

    /** Heredoc bodies and mount values: only variables, quotes left alone, with a backslash escape. */
    private String expandRaw(String word) {
        try {
            return new ShellLex('\\', ShellLex.Options.DEFAULT.withSkipProcessQuotes(true)).expand(word, scope);
        } catch (ExpansionException e) {
            throw new BuildException(e.getMessage());
        }
    }

    private List<String> expandAll(List<String> words) {
        return words.stream().map(this::expand).toList();
    }

    private List<String[]> expandPairs(List<KeyValue> pairs) {
        List<String[]> out = new ArrayList<>();
        for (KeyValue pair : pairs) {
            out.add(new String[] {expand(pair.key()), expand(pair.value())});
        }
        return out;
    }

    private Map<String, String> inline(Sources sources) {
        Map<String, String> out = new LinkedHashMap<>();
        for (InlineFile file : sources.inline()) {
            out.put(file.name(), file.expand() ? expandRaw(file.content()) : file.content());
        }
        return out;
    }

    /** COPY's destination made absolute against the working directory, a trailing slash (or {@code .}) kept. */
    private String destination(String dest) {
        boolean directory = dest.endsWith("/") || dest.endsWith("/.") || dest.equals(".") || dest.isEmpty();
        String absolute = dest.startsWith("/") ? dest : workdir() + "/" + dest;
        String clean = "/" + TreePaths.of(absolute);
        return directory && !clean.equals("/") ? clean + "/" : clean.equals("/") ? "/" : clean;
    }

    private String workdir() {
        String wd = state.view().workingDir();
        return wd.isEmpty() ? "/" : wd;
    }

    private List<String> withShell(CommandArgs command) {
        if (!command.shellForm()) {
            return command.args();
        }
        List<String> shell = new ArrayList<>(state.view().shell() == null || state.view().shell().isEmpty()
                ? DEFAULT_SHELL : state.view().shell());
        shell.add(String.join(" ", command.args()));
        return shell;
    }

    /** RUN's argv: heredocs resolved as BuildKit resolves them, the SHELL prepended to a shell form. */
    private List<String> runArgs(CommandArgs command) {
        List<String> args = command.args();
        if (!command.heredocs().isEmpty()) {
            if (args.size() != 1 || !command.shellForm()) {
                throw new BuildException("parsing produced an invalid run command: " + GoFormat.list(args));
            }
            if (command.heredocs().size() == 1 && args.get(0).trim().startsWith("<<")) {
                InlineFile file = command.heredocs().get(0);
                args = List.of(file.content());
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
        List<String> parts = new ArrayList<>();
        for (String name : declaredArgs) {
            parts.add(name + "=" + scope.get(name).orElse(""));
        }
        List<String> out = new ArrayList<>();
        if (!parts.isEmpty()) {
            out.add("|" + parts.size());
            out.addAll(parts);
        }
        out.addAll(args);
        return String.join(" ", out);
    }

    /** How progress shows an instruction: its text with variables expanded, the keyword upper-cased. */
    private String display(Source source) {
        String text = source.original();
        try {
            text = lex.withOptions(ShellLex.Options.DEFAULT.withRawQuotes(true).withSkipUnsetEnv(true))
                    .expand(text, scope);
        } catch (ExpansionException e) {
            // shown as written
        }
        int space = text.indexOf(' ');
        return space < 0 ? text.toUpperCase(java.util.Locale.ROOT)
                : text.substring(0, space).toUpperCase(java.util.Locale.ROOT) + text.substring(space);
    }

    private dev.lamina.builder.run.ResolvedUser chownOf(String user, FileTree tree) {
        int colon = user.indexOf(':');
        dev.lamina.builder.run.ResolvedUser resolved = dev.lamina.builder.run.UserResolver.resolve(user,
                new TreeRootView(tree, session.store));
        // as for COPY --chown: without a group the directory gets the uid as its gid
        return colon < 0 ? new dev.lamina.builder.run.ResolvedUser(resolved.uid(), resolved.uid(), List.of(), "/")
                : resolved;
    }

    private static boolean makesLayer(Instruction instruction) {
        return instruction instanceof Copy || instruction instanceof Add || instruction instanceof Run
                || instruction instanceof Workdir;
    }

    private static void setEnv(ObjectNode config, String key, String value) {
        ArrayNode env = ImageState.envArray(config);
        for (int i = 0; i < env.size(); i++) {
            String entry = env.get(i).asText();
            int eq = entry.indexOf('=');
            if ((eq < 0 ? entry : entry.substring(0, eq)).equals(key)) {
                env.set(i, key + "=" + value);
                return;
            }
        }
        env.add(key + "=" + value);
    }

    private static ObjectNode object(ObjectNode config, String field) {
        JsonNode node = config.get(field);
        return node instanceof ObjectNode o ? o : config.putObject(field);
    }

    private static void array(ObjectNode config, String field, List<String> values) {
        ArrayNode array = config.putArray(field);
        values.forEach(array::add);
    }

    private static void putDuration(ObjectNode node, String field, Duration duration) {
        if (!duration.isZero()) {
            node.put(field, duration.toNanos());
        }
    }

    static String location(Source source) {
        return source.file() + ":" + source.range().startLine();
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory: " + message;
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static <T> T unchecked(BuildSession.IoSupplier<T> action) {
        return BuildSession.unchecked(action);
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1,
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            prev = cur;
        }
        return prev[b.length()];
    }

    /** A failure already worded with its place. */
    static final class Located extends BuildException {
        Located(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
