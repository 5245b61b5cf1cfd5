package dev.lamina.builder.exec;

import dev.lamina.builder.BaseImage;
import dev.lamina.builder.BaseImages;
import dev.lamina.builder.BuildException;
import dev.lamina.builder.BuildListener;
import dev.lamina.builder.BuildRequest;
import dev.lamina.builder.LayerRef;
import dev.lamina.builder.RunStepExecutor;
import dev.lamina.builder.cache.BuildCache;
import dev.lamina.builder.cache.StepMemos;
import dev.lamina.builder.context.ContextDigests;
import dev.lamina.builder.copy.CopyOperation;
import dev.lamina.builder.fs.Listings;
import dev.lamina.builder.plan.BuildPlan;
import dev.lamina.builder.plan.PlannedStage;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.Platform;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.layer.LayerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One build in progress: the plan, the store and its caches, and the stages built so far. Stages are built on
 * demand, each once: the target, the stages it starts from and those it copies from (or mounts, or an ONBUILD
 * trigger names), in the order they are needed, which is Dockerfile order because a stage can only use earlier ones.
 */
public final class BuildSession {
    final Store store;
    final BaseImages baseImages;
    final RunStepExecutor runSteps;
    final BuildRequest request;
    final BuildPlan plan;
    final BuildListener listener;
    final Optional<Instant> epoch;
    final LayerOptions layerOptions;
    final Listings listings;
    final BuildCache cache;
    final StepMemos memos;
    private final Map<Integer, StageResult> stages = new HashMap<>();
    private final Map<String, BaseImage> images = new HashMap<>();
    private final Set<String> usedBuildArgs = new LinkedHashSet<>();
    private CopyOperation.SourceView context;
    private ContextDigests digests;
    int stepsRun;
    int stepsCached;

    public BuildSession(Store store, BaseImages baseImages, RunStepExecutor runSteps, BuildRequest request,
            BuildPlan plan, BuildListener listener, Optional<Instant> epoch, LayerOptions layerOptions) {
        this.store = store;
        this.baseImages = baseImages;
        this.runSteps = runSteps;
        this.request = request;
        this.plan = plan;
        this.listener = listener;
        this.epoch = epoch;
        this.layerOptions = layerOptions;
        this.listings = new Listings(store);
        this.cache = new BuildCache(store);
        this.memos = new StepMemos(store);
        usedBuildArgs.addAll(plan.globals().usedBuildArgs());
    }

    /** Builds the target stage (and what it needs) and returns its image. */
    public dev.lamina.builder.state.ImageState target() throws IOException {
        return stage(plan.target()).state();
    }

    /** The stage at {@code index}, built when first asked for. */
    StageResult stage(int index) throws IOException {
        StageResult done = stages.get(index);
        if (done != null) {
            return done;
        }
        PlannedStage planned = plan.stages().get(index);
        // what the stage needs first, in Dockerfile order (as BuildKit dispatches): its base, what it copies from
        java.util.TreeSet<Integer> needs = new java.util.TreeSet<>(planned.copiesFrom());
        if (planned.base() instanceof dev.lamina.builder.plan.StageBase.Stage base) {
            needs.add(base.index());
        }
        for (int need : needs) {
            stage(need);
        }
        StageResult result = new StageExecutor(this, planned).run();
        stages.put(index, result);
        usedBuildArgs.addAll(result.usedBuildArgs());
        return result;
    }

    /**
     * What {@code --from} names for a step of {@code current}: a stage defined before it (by name, or index), else an
     * image; its file tree, for COPY to read.
     */
    CopyOperation.SourceView sourceView(String from, PlannedStage current) throws IOException {
        Optional<PlannedStage> stage = plan.find(from).filter(s -> s.index() < current.index());
        if (stage.isPresent()) {
            List<LayerRef> layers = stage(stage.get().index()).state().layers();
            return CopyOperation.SourceView.tree(listings.tree(layers),
                    "stage " + stage.get().name().orElse(String.valueOf(stage.get().index())));
        }
        BaseImage image = fromImage(from, current);
        return CopyOperation.SourceView.tree(listings.tree(image.layers()), "image "
                + ImageReference.parse(from).familiar());
    }

    /** The layers {@code --from} names (a RUN mount's): a stage's, or an image's. */
    List<LayerRef> layersOf(String from, PlannedStage current) throws IOException {
        Optional<PlannedStage> stage = plan.find(from).filter(s -> s.index() < current.index());
        return stage.isPresent() ? stage(stage.get().index()).state().layers() : fromImage(from, current).layers();
    }

    /** The image {@code --from} names when no stage has that name; a failure says both. */
    private BaseImage fromImage(String from, PlannedStage current) throws IOException {
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
        try {
            return image(reference, current.platform());
        } catch (LaminaException e) {
            throw new BuildException("--from=" + from + ": no stage by that name" + suggestion(from)
                    + ", and no such image: " + e.getMessage());
        }
    }

    /** A stage named almost as {@code from}, offered as BuildKit offers one. */
    private String suggestion(String from) {
        String wanted = from.toLowerCase(java.util.Locale.ROOT);
        return plan.stages().stream().flatMap(s -> s.name().stream()).filter(name -> editDistance(name, wanted) <= 2)
                .findFirst().map(name -> " (did you mean " + name + "?)").orElse("");
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] row = new int[b.length() + 1];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                row[j] = Math.min(Math.min(row[j - 1], previous[j]) + 1,
                        previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            previous = row;
        }
        return previous[b.length()];
    }

    /** An image named by FROM or {@code COPY --from}, resolved once per build and platform. */
    BaseImage image(ImageReference reference, Platform platform) throws IOException {
        String key = reference + " " + platform;
        BaseImage known = images.get(key);
        if (known == null) {
            known = baseImages.resolve(reference, platform);
            images.put(key, known);
        }
        return known;
    }

    /** The build context, as COPY reads it (its files' digests computed once per build). */
    CopyOperation.SourceView context() {
        if (context == null) {
            digests = ContextDigests.load(store, request.context().root());
            context = CopyOperation.SourceView.context(request.context(), Optional.of(digests));
        }
        return context;
    }

    /** Keeps what the build learnt of its context's files for the next build. */
    public void finish() throws IOException {
        if (digests != null) {
            digests.save();
        }
    }

    /** The build arguments no ARG consumed (proxy settings and BuildKit's own need none). */
    public Set<String> unusedBuildArgs() {
        Set<String> unused = new LinkedHashSet<>(request.buildArgs().keySet());
        unused.removeAll(usedBuildArgs);
        unused.removeIf(name -> dev.lamina.dockerfile.scope.PlatformArgs.PROXY_ARGS.contains(name)
                || name.startsWith("BUILDKIT_") || name.equals("SOURCE_DATE_EPOCH"));
        return unused;
    }

    public int stepsRun() {
        return stepsRun;
    }

    public int stepsCached() {
        return stepsCached;
    }

    /** Runs {@code action}, turning an unchecked I/O failure back into the checked one. */
    static <T> T unchecked(IoSupplier<T> action) {
        try {
            return action.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    interface IoSupplier<T> {
        T get() throws IOException;
    }

    /** A failure worded for a user, at {@code location}. */
    static BuildException at(String location, String message) {
        return new BuildException(location + ": " + message);
    }

    static BuildException at(String location, LaminaException cause) {
        return new BuildException(location + ": " + cause.getMessage(), cause);
    }
}
