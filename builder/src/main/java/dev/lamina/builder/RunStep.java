package dev.lamina.builder;

import dev.lamina.image.Digest;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.layer.LayerOptions;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One RUN step, everything resolved, for a {@link RunStepExecutor} to run over the stage's file system.
 *
 * @param location where the step is, for messages: {@code Dockerfile:7}
 * @param instruction the instruction as written, for progress and messages
 * @param layers the stage's layers below the step, bottom first; the command's root file system is these applied
 *     in order (blobs in {@link #store()}, listed by {@link #chainId()})
 * @param chainId the OCI chain ID of {@code layers}: a key for extracted layer directories shared across builds
 * @param argv the command: a shell form already has the stage's SHELL prepended; heredocs are resolved as BuildKit
 *     resolves them
 * @param env the environment, in order: the image's ENV, then the ARGs in scope and the proxy build arguments
 *     (which BuildKit passes to RUN without persisting them)
 * @param user the stage's USER ({@code name}, {@code uid}, {@code uid:gid}…), empty for root
 * @param workdir the stage's absolute working directory
 * @param network {@code host} or {@code none}: the step's {@code --network}, else the build's
 * @param security {@code sandbox} or {@code insecure}
 * @param mounts the step's {@code --mount}s
 * @param options the build's limits and secrets
 * @param contextRoot the build context's directory, source of bind mounts without {@code from=}
 * @param layerOptions how to write the step's layer (compression, media types, source date epoch)
 * @param store where the layers are and where the new one goes
 */
public record RunStep(String location, String instruction, List<LayerRef> layers, Digest chainId, List<String> argv,
        Map<String, String> env, String user, String workdir, String network, String security,
        List<RunMountSource> mounts, RunOptions options, Path contextRoot, LayerOptions layerOptions, Store store) {
    public RunStep {
        layers = List.copyOf(layers);
        argv = List.copyOf(argv);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        mounts = List.copyOf(mounts);
    }
}
