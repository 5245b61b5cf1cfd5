package dev.lamina.builder.testing;

import dev.lamina.image.testing.Peers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code buildah bud} as the differential tests run it: chroot isolation, Docker format, one cached layer per
 * instruction, private storage under a work directory, base images from the test's registry; the result pushed to
 * a {@code dir:} directory the tests read.
 */
public final class BuildahBud {
    private BuildahBud() {
    }

    /**
     * Builds {@code context} with {@code dockerfile} and {@code extraArgs} (build args, target) on storage
     * {@code driver}; returns the {@code dir:} directory holding the image.
     */
    public static Path build(Path work, String driver, Path registriesConf, Path dockerfile, Path context,
            List<String> extraArgs) {
        String buildah = Peers.require("buildah").toString();
        List<String> storage = List.of("--root", work.resolve("buildah/root").toString(), "--runroot",
                work.resolve("buildah/run").toString(), "--storage-driver", driver);
        Map<String, String> env = Map.of("CONTAINERS_REGISTRIES_CONF", registriesConf.toString(),
                "BUILDAH_ISOLATION", "chroot");
        List<String> bud = new ArrayList<>(List.of(buildah));
        bud.addAll(storage);
        bud.addAll(List.of("bud", "--layers", "--isolation", "chroot", "--format", "docker", "-f",
                dockerfile.toString(), "-t", "lamina-diff:1"));
        bud.addAll(extraArgs);
        bud.add(context.toString());
        Peers.run(bud, env, Duration.ofMinutes(5)).requireSuccess(bud);
        Path out = work.resolve("buildah-out");
        List<String> push = new ArrayList<>(List.of(buildah));
        push.addAll(storage);
        push.addAll(List.of("push", "--format", "v2s2", "lamina-diff:1", "dir:" + out));
        Peers.run(push, env, Duration.ofMinutes(5)).requireSuccess(push);
        return out;
    }
}
