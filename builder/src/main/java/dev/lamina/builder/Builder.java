package dev.lamina.builder;

import dev.lamina.builder.exec.BuildSession;
import dev.lamina.builder.plan.BuildPlan;
import dev.lamina.builder.plan.Planner;
import dev.lamina.builder.state.ImageState;
import dev.lamina.dockerfile.Dockerfile;
import dev.lamina.dockerfile.Warning;
import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.MediaType;
import dev.lamina.image.Platform;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.json.Manifest;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.layer.LayerOptions;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Dockerfile to image, as {@code docker build} with BuildKit does it: parse, plan (the stages the target needs,
 * arguments resolved), build each needed stage instruction by instruction (metadata instructions change the config;
 * COPY, ADD and WORKDIR write their layer straight from their sources; RUN goes to a {@link RunStepExecutor}), each
 * layer step looked up in the build cache first, then write the config and manifest into the store. The image is
 * left unnamed: naming and exporting it is the caller's business.
 *
 * <p>The builder holds a store lease throughout, so nothing it writes is collected before it is named; a failed
 * build writes no manifest (its layers stay, as cache, for the next attempt).
 */
public final class Builder {
    private final Store store;
    private final BaseImages baseImages;
    private final RunStepExecutor runSteps;

    public Builder(Store store, BaseImages baseImages, RunStepExecutor runSteps) {
        this.store = store;
        this.baseImages = baseImages;
        this.runSteps = runSteps;
    }

    public BuildResult build(BuildRequest request, BuildListener listener) throws IOException {
        try (Store.Lease lease = store.lease()) {
            Dockerfile dockerfile = Dockerfile.parse(request.dockerfileName(), request.dockerfile());
            for (Warning warning : dockerfile.warnings()) {
                listener.warning(request.dockerfileName() + ":" + warning.range().startLine() + ": " + warning.rule()
                        + ": " + warning.message());
            }
            Optional<Instant> epoch = request.sourceDateEpoch().or(() -> epochArgument(request.buildArgs()));
            Platform target = request.platform().orElse(Platform.host());
            BuildPlan plan = Planner.plan(dockerfile, request.buildArgs(), request.target(), target, Platform.host());
            // gzip at its fastest level, as go-containerregistry (crane, ko) writes layers: four times faster than
            // zlib's default here for a few percent more bytes
            LayerOptions layers = LayerOptions.defaults().withGzipLevel(java.util.zip.Deflater.BEST_SPEED);
            if (epoch.isPresent()) {
                layers = layers.deterministic(epoch.get());
            }
            BuildSession session = new BuildSession(store, baseImages, runSteps, request, plan, listener, epoch, layers);
            ImageState state;
            try {
                state = session.target();
            } finally {
                session.finish(); // what was learnt of the context stays true whether or not the build succeeded
            }
            if (!request.labels().isEmpty()) {
                state = state.withConfig(c -> {
                    var labels = c.has("Labels") && c.get("Labels").isObject()
                            ? (com.fasterxml.jackson.databind.node.ObjectNode) c.get("Labels") : c.putObject("Labels");
                    request.labels().forEach(labels::put);
                });
            }
            if (request.platform().isPresent()) {
                state = state.withPlatform(targetPlatform(state.platform(), target));
            }
            Set<String> unused = session.unusedBuildArgs();
            if (!unused.isEmpty()) {
                listener.warning("one or more build-args " + unused.stream().sorted().toList()
                        .toString().replace(",", "") + " were not consumed");
            }
            ImageConfig config = state.finish(epoch);
            Descriptor manifest = write(config, state);
            return new BuildResult(manifest, Digest.sha256(config.toBytes()), config, session.stepsRun(),
                    session.stepsCached());
        }
    }

    /** Config and manifest into the store, the manifest last; base layers keep their bytes with OCI types. */
    private Descriptor write(ImageConfig config, ImageState state) throws IOException {
        byte[] configBytes = config.toBytes();
        Digest configDigest = store.putBytes(configBytes);
        List<Descriptor> layers = new ArrayList<>();
        for (LayerRef layer : state.layers()) {
            Descriptor d = layer.descriptor();
            layers.add(new Descriptor(d.mediaType().toOci(), d.digest(), d.size(), d.urls(), null, null, null, null));
        }
        byte[] manifest = Manifest.of(MediaType.OCI_MANIFEST,
                new Descriptor(MediaType.OCI_CONFIG, configDigest, configBytes.length), layers).toBytes();
        return new Descriptor(MediaType.OCI_MANIFEST, store.putBytes(manifest), manifest.length);
    }

    /** BuildKit's rule: an explicit {@code --platform} sets the result's os and architecture. */
    private static Platform targetPlatform(Platform image, Platform target) {
        boolean same = image.os().equals(target.os()) && image.architecture().equals(target.architecture());
        String variant = !target.variant().isEmpty() || !same ? target.variant() : image.variant();
        return new Platform(target.architecture(), target.os(), image.osVersion(), image.osFeatures(), variant);
    }

    /** {@code --build-arg SOURCE_DATE_EPOCH=…} means what {@code --source-date-epoch} means, as in BuildKit. */
    private static Optional<Instant> epochArgument(Map<String, String> buildArgs) {
        String value = buildArgs.get("SOURCE_DATE_EPOCH");
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(BuildRequest.parseEpoch(value));
        } catch (IllegalArgumentException e) {
            throw new BuildException(e.getMessage());
        }
    }
}
