package dev.lamina.cli;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.MediaType;
import dev.lamina.image.Platform;
import dev.lamina.image.json.History;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.json.Manifest;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * What the launcher runs once, under {@code -XX:ArchiveClassesAtExit}, so that lamina's class-data-sharing
 * archive holds the classes (and lambda forms) of the commands people run most: the store commands; push,
 * pull, tags and inspect against a registry (an in-process one, {@link TrainingRegistry}); and history, layers,
 * diff and efficiency, from the store and the registry. Without
 * them every registry command would load, verify and link OkHttp, Kotlin and its own classes from the jar,
 * and spin its lambdas with ASM, at each start: about a third of a second, and JIT work on top.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Files.createTempDirectory("lamina-cds-training");
        try {
            train(work);
        } catch (IOException | RuntimeException e) {
            // What ran is recorded already: an archive without the rest still helps.
            System.err.println("lamina: CDS training incomplete: " + e);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Runs the training commands in {@code work}; fails when one of them does. */
    static void train(Path work) throws IOException {
        run(work.resolve("empty"), work, "images", "--format", "json");
        trainBuild(work);
        try (TrainingRegistry registry = TrainingRegistry.start()) {
            String image = registry.host() + "/training/app:1";
            seed(work.resolve("a"), image);
            run(work.resolve("a"), work, "images");
            run(work.resolve("a"), work, "push", image);
            run(work.resolve("b"), work, "pull", image);
            run(work.resolve("b"), work, "tags", registry.host() + "/training/app");
            run(work.resolve("b"), work, "inspect", "docker://" + image);
            run(work.resolve("b"), work, "copy", "docker://" + image, "docker://" + registry.host() + "/training/copy:1");
            // the inspection commands, on the pulled image and straight from the registry
            run(work.resolve("b"), work, "history", image);
            run(work.resolve("b"), work, "layers", image);
            run(work.resolve("b"), work, "diff", image);
            run(work.resolve("b"), work, "diff", image, "docker://" + image);
            run(work.resolve("b"), work, "efficiency", image);
            trainArchives(work, image);
        }
    }

    /** save and load in both archive formats, an OCI layout, and unpack: the archive code on both paths. */
    private static void trainArchives(Path work, String image) throws IOException {
        Path archives = Files.createDirectories(work.resolve("archives"));
        String docker = archives.resolve("app.tar").toString();
        String oci = archives.resolve("app-oci.tar").toString();
        run(work.resolve("b"), work, "save", "-o", docker, image);
        run(work.resolve("b"), work, "save", "--format", "oci", "-o", oci, image);
        run(work.resolve("c"), work, "load", "-i", docker);
        run(work.resolve("d"), work, "load", "-i", oci);
        run(work.resolve("b"), work, "copy", image, "oci:" + archives.resolve("layout") + ":1");
        run(work.resolve("e"), work, "copy", "oci:" + archives.resolve("layout") + ":1", "app:1");
        run(work.resolve("b"), work, "unpack", image, archives.resolve("rootfs").toString());
    }

    /**
     * A two-stage build (COPY, COPY --from, --chmod, WORKDIR, metadata) into a fresh store, then the same build from
     * the cache, then with one file changed: the builder's classes on every path a rebuild takes.
     */
    private static void trainBuild(Path work) throws IOException {
        Path context = Files.createDirectories(work.resolve("build-context/src/pkg"));
        for (int i = 0; i < 20; i++) {
            Files.writeString(context.resolve("File" + i + ".java"), "class File" + i + " {}\n");
        }
        Path dir = work.resolve("build-context");
        Files.writeString(dir.resolve("README"), "training\n");
        Files.writeString(dir.resolve(".dockerignore"), "*.tmp\n");
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM scratch AS build
                ARG VERSION=1
                COPY src/ /build/src/
                COPY --chmod=0644 README /build/
                FROM scratch
                LABEL title=training version=1
                ENV HOME=/app
                WORKDIR /app
                COPY --from=build /build/ ./
                USER 1000:1000
                EXPOSE 8080
                ENTRYPOINT ["/app/run"]
                CMD ["--help"]
                """);
        Path root = work.resolve("build-store");
        run(root, work, "build", "-t", "training:1", dir.toString());
        run(root, work, "build", "-t", "training:1", dir.toString());
        Files.writeString(context.resolve("File0.java"), "class File0 { int changed; }\n");
        run(root, work, "build", "-q", dir.toString());
        // lamina run up to the runner: the image unpacked into a run copy, which is then removed. A runtime that
        // does not exist stops it there, so training never starts a container (it may run without root).
        runExpecting(Lamina.FAILED, root, work, "run", "--runtime", "/nonexistent/lamina-cds-training", "training:1");
    }

    private static void run(Path root, Path home, String... args) {
        runExpecting(Lamina.OK, root, home, args);
    }

    private static void runExpecting(int expected, Path root, Path home, String... args) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("LAMINA_ROOT", root.toString());
        env.put("HOME", home.toString());
        env.remove("DOCKER_CONFIG");
        env.remove("REGISTRY_AUTH_FILE");
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        int code = Lamina.execute(args, new Console(InputStream.nullInputStream(), discard, discard, env, home, false));
        if (code != expected) {
            throw new IllegalStateException("lamina " + String.join(" ", args) + " exited " + code);
        }
    }

    /** A one-layer image in a new store at {@code root}, named {@code name}. */
    private static void seed(Path root, String name) throws IOException {
        byte[] tar = new byte[1024]; // an empty tar: two zero blocks
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        byte[] layer = gz.toByteArray();
        byte[] config = ImageConfig.empty(Platform.host())
                .withLayer(Optional.of(Digest.sha256(tar)), new History("2024-01-01T00:00:00Z", "training", "", "", false))
                .toBytes();
        Descriptor configDescriptor = new Descriptor(MediaType.OCI_CONFIG, Digest.sha256(config), config.length);
        Descriptor layerDescriptor = new Descriptor(MediaType.OCI_LAYER_GZIP, Digest.sha256(layer), layer.length);
        byte[] manifest = Manifest.of(MediaType.OCI_MANIFEST, configDescriptor, List.of(layerDescriptor)).toBytes();
        Descriptor manifestDescriptor = new Descriptor(MediaType.OCI_MANIFEST, Digest.sha256(manifest), manifest.length);
        try (StoreDestination destination = new StoreDestination(Store.open(root))) {
            destination.putBlob(configDescriptor, () -> new ByteArrayInputStream(config));
            destination.putBlob(layerDescriptor, () -> new ByteArrayInputStream(layer));
            destination.putManifest(manifestDescriptor, manifest);
            destination.tag(manifestDescriptor, name);
            destination.commit();
        }
    }
}
