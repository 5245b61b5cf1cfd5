package dev.lamina.tarball.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.Digest;
import dev.lamina.tarball.testing.HostileTar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LayerReaderTest {
    private static List<LayerChange> changes(LayerReader reader) throws IOException {
        List<LayerChange> list = new ArrayList<>();
        for (Optional<LayerChange> c = reader.next(); c.isPresent(); c = reader.next()) {
            list.add(c.get());
        }
        return list;
    }

    @Test
    void decodesWhiteoutsAndOpaqueMarkersWithoutExtracting() throws IOException {
        HostileTar tar = new HostileTar().dir("./etc/").file("./etc/.wh..wh..opq", "").file("etc/hosts", "h")
                .file("var/.wh.cache", "").file(".wh.tmp", "").file("usr/.wh..wh.plnk", "").end();
        try (LayerReader reader = LayerReader.open(new ByteArrayInputStream(tar.gzipped()), Long.MAX_VALUE, "layer")) {
            List<LayerChange> changes = changes(reader);
            assertThat(changes).extracting(c -> c.getClass().getSimpleName() + " " + c.path()).containsExactly(
                    "Write etc", "Opaque etc", "Write etc/hosts", "Delete var/cache", "Delete tmp");
            assertThat(reader.diffId()).isEqualTo(Digest.sha256(tar.bytes()));
        }
    }

    @Test
    void contentIsReadOnlyWhenAskedFor() throws IOException {
        HostileTar tar = new HostileTar().file("a", "alpha").file("b", "beta").end();
        try (LayerReader reader = LayerReader.open(new ByteArrayInputStream(tar.bytes()), Long.MAX_VALUE, "layer")) {
            reader.next();
            reader.next();
            assertThat(reader.content().readAllBytes()).asString().isEqualTo("beta");
        }
    }

    @Test
    void refusesNamesThatLeaveTheRoot() throws IOException {
        HostileTar tar = new HostileTar().file("../x", "").end();
        try (LayerReader reader = LayerReader.open(new ByteArrayInputStream(tar.bytes()), Long.MAX_VALUE, "layer L")) {
            assertThatThrownBy(reader::next).hasMessageContaining("layer L: entry \"../x\"");
        }
    }

    @Test
    void classifiesAdditionsModificationsAndDeletionsAcrossLayers() throws IOException {
        ChangeClassifier classifier = new ChangeClassifier();
        List<String> seen = new ArrayList<>();
        for (HostileTar tar : List.of(
                new HostileTar().dir("etc").file("etc/a", "1").file("etc/b", "2").dir("d").file("d/x", "3"),
                new HostileTar().file("etc/a", "changed").file("etc/.wh.b", "").file("new", "4")
                        .file("d/.wh..wh..opq", "").file("d/y", "5").file(".wh.nothing", ""))) {
            classifier.beginLayer();
            try (LayerReader reader = LayerReader.open(new ByteArrayInputStream(tar.end().bytes()), Long.MAX_VALUE, "l")) {
                for (LayerChange c : changes(reader)) {
                    ChangeClassifier.Classified classified = classifier.classify(c);
                    seen.add(classified.kind() + " " + c.path() + " " + classified.removed());
                }
            }
        }
        assertThat(seen).containsExactly("ADDED etc 0", "ADDED etc/a 0", "ADDED etc/b 0", "ADDED d 0", "ADDED d/x 0",
                "MODIFIED etc/a 0", "DELETED etc/b 1", "ADDED new 0", "OPAQUE d 1", "ADDED d/y 0", "NONE nothing 0");
        assertThat(classifier.paths()).containsExactly("d", "d/y", "etc", "etc/a", "new");
    }
}
