package dev.lamina.builder.testing;

import dev.lamina.builder.run.Runner;
import dev.lamina.builder.run.RunnerSettings;
import dev.lamina.builder.runstep.RunSteps;
import dev.lamina.image.Descriptor;
import dev.lamina.image.json.Manifest;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.apply.ApplyOptions;
import dev.lamina.tarball.apply.LayerApplier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** RUN in tests: lamina's runner with its scratch and helper cache under a test directory, as root. */
public final class RunFixtures {
    private RunFixtures() {
    }

    public static RunnerSettings settings(Path dir) {
        return RunnerSettings.defaults().withScratchDir(dir.resolve("run-scratch"))
                .withHelperCache(dir.resolve("helper-cache")).withUserNamespace(Optional.empty());
    }

    /** RUN steps with {@code snapshotter}; each step's timings go to {@code timings}. */
    public static RunSteps runSteps(Path dir, RunSteps.Snapshotter snapshotter, List<RunSteps.Timings> timings) {
        return new RunSteps(Runner.namespaces(settings(dir)), snapshotter, timings::add);
    }

    /** The image's layers applied in order into {@code target} (which must not exist). */
    public static Path unpack(Store store, Descriptor manifest, Path target) throws IOException {
        Files.createDirectories(target);
        Manifest m = Manifest.parse(store.readBlob(manifest.digest()), "manifest");
        LayerApplier applier = new LayerApplier(target, ApplyOptions.defaults(w -> { }));
        for (Descriptor layer : m.layers()) {
            try (InputStream in = store.openBlob(layer.digest())) {
                applier.apply(in, layer.digest().toString());
            }
        }
        return target;
    }

    /** Each entry under {@code dir}: type, mode, owner, and a file's content or a link's target. */
    public static List<String> listing(Path root, String under) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        Path dir = root.resolve(under);
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.toList()) {
                Map<String, Object> a = Files.readAttributes(path, "unix:mode,uid,gid,ino,nlink",
                        LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                String type = switch (mode & 0170000) {
                    case 0040000 -> "directory";
                    case 0120000 -> "symlink -> " + Files.readSymbolicLink(path);
                    case 0100000 -> "regular " + new String(Files.readAllBytes(path), StandardCharsets.UTF_8)
                            .replace("\n", "\\n") + ((Integer) a.get("nlink") > 1 ? " (" + a.get("nlink") + " links)" : "");
                    default -> "other";
                };
                entries.put(root.relativize(path).toString(), Integer.toOctalString(mode & 07777) + " " + a.get("uid")
                        + ":" + a.get("gid") + " " + type);
            }
        }
        List<String> lines = new ArrayList<>();
        entries.forEach((path, text) -> lines.add(path + " " + text));
        return lines;
    }
}
