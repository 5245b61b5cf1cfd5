package dev.lamina.builder.testing;

import dev.lamina.builder.BaseImages;
import dev.lamina.builder.BuildListener;
import dev.lamina.builder.BuildRequest;
import dev.lamina.builder.BuildResult;
import dev.lamina.builder.BuildStep;
import dev.lamina.builder.Builder;
import dev.lamina.builder.RunStepExecutor;
import dev.lamina.builder.context.BuildContext;
import dev.lamina.builder.context.BuildContexts;
import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.json.Manifest;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.apply.ApplyOptions;
import dev.lamina.tarball.inspect.LayerChange;
import dev.lamina.tarball.inspect.LayerReader;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.tar.TarEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A store and a build context of a test's own, and helpers to build in them and read what was built: the
 * config, and each layer as lines ({@code path type mode uid:gid [size|-> target]}, whiteouts as {@code path
 * whiteout}).
 */
public final class BuildFixture {
    private final Path root;
    private final Store store;
    private final Path context;
    private BaseImages baseImages;
    private RunStepExecutor runSteps = RunStepExecutor.UNSUPPORTED;
    private final List<String> progress = new ArrayList<>();

    public BuildFixture(Path dir) {
        this.root = dir.resolve("store");
        this.store = Store.open(root);
        this.context = dir.resolve("context");
        this.baseImages = BaseImages.fromStore(store);
        try {
            Files.createDirectories(context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Store store() {
        return store;
    }

    public Path context() {
        return context;
    }

    public BuildFixture baseImages(BaseImages value) {
        baseImages = value;
        return this;
    }

    public BuildFixture runSteps(RunStepExecutor value) {
        runSteps = value;
        return this;
    }

    /** Writes a context file (parents made). */
    public Path file(String path, String content) {
        try {
            Path file = context.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The progress lines of the builds so far: {@code [2/3] COPY a /b CACHED}. */
    public List<String> progress() {
        return progress;
    }

    /** The progress lines of the last build only, and forgets them. */
    public List<String> lastProgress() {
        List<String> last = List.copyOf(progress);
        progress.clear();
        return last;
    }

    /** How many blobs the store holds. */
    public long blobCount() throws IOException {
        try (var files = Files.list(store.paths().blobs().resolve("sha256"))) {
            return files.count();
        }
    }

    /** Sets a context file's modification time (seconds since 1970). */
    public void touch(String path, long epochSeconds) throws IOException {
        Files.setLastModifiedTime(context.resolve(path),
                java.nio.file.attribute.FileTime.from(java.time.Instant.ofEpochSecond(epochSeconds)));
    }

    public BuildResult build(String dockerfile) throws IOException {
        return build(dockerfile, r -> r);
    }

    public BuildResult build(String dockerfile, UnaryOperator<BuildRequest> options) throws IOException {
        return build(dockerfile, options, context);
    }

    public BuildResult build(String dockerfile, UnaryOperator<BuildRequest> options, Path contextDir)
            throws IOException {
        Path dockerfilePath = contextDir.resolve("Dockerfile");
        try (BuildContext ctx = BuildContexts.directory(contextDir, dockerfilePath)) {
            BuildRequest request = options.apply(BuildRequest.of("Dockerfile",
                    dockerfile.getBytes(StandardCharsets.UTF_8), ctx));
            return new Builder(store, baseImages, runSteps).build(request, new BuildListener() {
                @Override
                public void stepFinished(BuildStep step, Status status, Duration took, Optional<String> why) {
                    progress.add(step + " " + status + why.map(w -> " (" + w + ")").orElse(""));
                }

                @Override
                public void warning(String message) {
                    progress.add("warning: " + message);
                }
            });
        }
    }

    public Manifest manifest(BuildResult result) throws IOException {
        return Manifest.parse(store.readBlob(result.manifest().digest()), "manifest");
    }

    public ImageConfig config(BuildResult result) throws IOException {
        return ImageConfig.parse(store.readBlob(manifest(result).config().digest()), "config");
    }

    /** Each layer of the image, as lines. */
    public List<List<String>> layers(BuildResult result) throws IOException {
        List<List<String>> out = new ArrayList<>();
        for (Descriptor layer : manifest(result).layers()) {
            out.add(layer(layer));
        }
        return out;
    }

    public List<String> layer(Descriptor layer) throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream blob = store.openBlob(layer.digest());
             LayerReader reader = LayerReader.open(blob, ApplyOptions.DEFAULT_MAX_LAYER_BYTES, "layer")) {
            for (Optional<LayerChange> next = reader.next(); next.isPresent(); next = reader.next()) {
                lines.add(describe(next.get(), reader));
            }
        }
        return lines;
    }

    /** Text as it is (newlines shown as \\n); anything else as its size and digest. */
    private static String content(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        boolean printable = text.chars().allMatch(c -> c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f && c != 0xfffd));
        return printable ? text.replace("\n", "\\n") : "<" + bytes.length + " bytes " + Digest.sha256(bytes).shortHex() + ">";
    }

    private static String describe(LayerChange change, LayerReader reader) throws IOException {
        if (change instanceof LayerChange.Delete d) {
            return d.path() + " whiteout";
        }
        if (change instanceof LayerChange.Opaque o) {
            return o.path() + " opaque";
        }
        TarEntry e = ((LayerChange.Write) change).entry();
        String base = change.path() + " " + e.type().name().toLowerCase() + " " + Integer.toOctalString(e.mode()) + " "
                + e.uid() + ":" + e.gid();
        if (e.type() == EntryType.REGULAR) {
            return base + " " + content(reader.content().readAllBytes());
        }
        if (e.type() == EntryType.SYMLINK || e.type() == EntryType.HARDLINK) {
            return base + " -> " + e.linkName();
        }
        return base;
    }
}
