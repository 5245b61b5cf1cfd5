package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.testing.Conformance;
import dev.lamina.image.testing.Peers;
import dev.lamina.image.testing.ProjectRoot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real launcher in shell pipelines: {@code lamina save … | lamina load} and friends, nothing seekable. */
@Tag("peer")
class ArchivePipesIT {
    private static final String LAMINA = ProjectRoot.get().resolve("lamina").toString();

    @TempDir
    Path one;
    @TempDir
    Path two;
    @TempDir
    Path work;

    private Peers.Result shell(String script) {
        return Peers.run(List.of("bash", "-o", "pipefail", "-c", script), Map.of("L", LAMINA, "ONE", one.toString(),
                "TWO", two.toString(), "W", work.toString()), Duration.ofMinutes(5));
    }

    @Test
    void saveToAPipeLoadsFromAPipeInBothFormats() {
        Path fixture = Conformance.require("images").resolve("go-containerregistry/pkg/v1/tarball/testdata/test_image_1.tar");
        Peers.Result seeded = shell("\"$L\" --root \"$ONE\" load -q -i " + fixture);
        assertThat(seeded.stdout()).as(seeded.stderr()).isEqualTo("Loaded image: bazel/v1/tarball:test_image_1\n");

        Peers.Result piped = shell("\"$L\" --root \"$ONE\" save -q bazel/v1/tarball:test_image_1"
                + " | gzip | \"$L\" --root \"$TWO\" load -q");
        assertThat(piped.exitCode()).as(piped.stderr()).isZero();
        assertThat(piped.stdout()).isEqualTo("Loaded image: bazel/v1/tarball:test_image_1\n");

        Peers.Result oci = shell("\"$L\" --root \"$ONE\" save -q --format oci bazel/v1/tarball:test_image_1"
                + " | \"$L\" --root \"$TWO\" load -q");
        assertThat(oci.stdout()).as(oci.stderr()).isEqualTo("Loaded image: bazel/v1/tarball:test_image_1\n");
        Peers.Result ids = shell("\"$L\" --root \"$ONE\" images -q; \"$L\" --root \"$TWO\" images -q");
        assertThat(ids.stdout().lines().distinct()).hasSize(1);
    }

    @Test
    void skopeoReadsWhatTheCommandLineSaves() {
        String skopeo = Peers.require("skopeo").toString();
        Path fixture = Conformance.require("images").resolve("go-containerregistry/pkg/v1/tarball/testdata/test_image_2.tar");
        shell("\"$L\" --root \"$ONE\" load -q -i " + fixture);
        Peers.Result saved = shell("cd \"$W\" && \"$L\" --root \"$ONE\" save -q -o d.tar bazel/v1/tarball:test_image_2"
                + " && \"$L\" --root \"$ONE\" save -q --format oci -o o.tar bazel/v1/tarball:test_image_2"
                + " && " + skopeo + " inspect --config --raw docker-archive:d.tar | sha256sum"
                + " && " + skopeo + " inspect --config --raw oci-archive:o.tar:docker.io/bazel/v1/tarball:test_image_2 | sha256sum");
        assertThat(saved.exitCode()).as(saved.stderr()).isZero();
        // the config of test_image_2 is 930705ce…, named so in the fixture
        assertThat(saved.stdout().lines()).containsOnly(
                "930705ce23e3b6ed4c08746b6fe880089c864fbaf62482702ae3fdd66b8c7fe9  -");
    }
}
