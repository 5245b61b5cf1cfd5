package dev.lamina.tarball.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Platform;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreSource;
import dev.lamina.tarball.tar.EntryType;
import dev.lamina.tarball.testing.InspectionImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDifferenceTest {
    @TempDir
    Path dir;

    static Descriptor[] twoImages(Store store) throws IOException {
        return InspectionImages.twoImages(store, "diff");
    }

    static FileTree tree(Store store, Descriptor image) throws IOException {
        LayeredImage layered = LayeredImage.resolve(new StoreSource(store), image, Platform.host());
        return ImageScanner.scan(layered, ImageScanner.Options.defaults().withContentDigests(),
                ImageScanner.Listener.NONE).tree();
    }

    static List<ImageDifference.PathDifference> differences(Store store, Descriptor a, Descriptor b)
            throws IOException {
        List<ImageDifference.PathDifference> found = new ArrayList<>();
        ImageDifference.compare(tree(store, a), tree(store, b), found::add);
        return found;
    }

    static String describe(ImageDifference.PathDifference d) {
        String layers = d.before().map(s -> "" + s.layer()).orElse("-") + ">"
                + d.after().map(s -> "" + s.layer()).orElse("-");
        return d.kind().letter() + " " + d.path() + (d.aspects().isEmpty() ? "" : " " + d.aspects()) + " " + layers;
    }

    @Test
    void listsEveryDifferenceInPathOrderWithTheLayerResponsibleOnEachSide() throws IOException {
        Store store = Store.open(dir.resolve("store"));
        Descriptor[] images = twoImages(store);
        assertThat(differences(store, images[0], images[1]).stream().map(ImageDifferenceTest::describe)).containsExactly(
                "D data 0>-",
                "D data/a 0>-",
                "D data/b 0>-",
                "C etc/motd [CONTENT] 1>1",
                "C etc/passwd [MODE] 0>1",
                "A opt ->1",
                "A opt/app ->1",
                "A opt/app/bin ->1",
                "C srv [OWNER] 0>1",
                "C swap [TYPE] 1>1",
                "A swap/inside ->1",
                "D tmp 1>-",
                "D tmp/x 1>-",
                "C usr/bin/sh [LINK] 0>1",
                "C usr/bin/tool [CONTENT] 0>1");
    }

    @Test
    void scanningAPairReadsTheSharedBaseOnceAndGivesTheSameTrees() throws IOException {
        Store store = Store.open(dir.resolve("store"));
        Descriptor[] images = twoImages(store);
        StoreSource source = new StoreSource(store);
        LayeredImage before = LayeredImage.resolve(source, images[0], Platform.host());
        LayeredImage after = LayeredImage.resolve(source, images[1], Platform.host());
        assertThat(before.layers().get(0).descriptor()).isEqualTo(after.layers().get(0).descriptor());
        List<FileTree> pair = ImageScanner.scanPair(before, after, ImageScanner.Options.defaults().withContentDigests());
        List<String> separately = new ArrayList<>();
        ImageDifference.compare(tree(store, images[0]), tree(store, images[1]), d -> separately.add(describe(d)));
        List<String> together = new ArrayList<>();
        ImageDifference.compare(pair.get(0), pair.get(1), d -> together.add(describe(d)));
        assertThat(together).isEqualTo(separately).hasSize(15);
        // the copy made after the shared base is independent: the second image's changes did not reach the first
        assertThat(pair.get(0).find("data/a").map(pair.get(0)::present)).contains(true);
        assertThat(pair.get(1).find("data/a").map(pair.get(1)::present)).contains(false);
    }

    @Test
    void anImageComparedWithItselfHasNoDifference() throws IOException {
        Store store = Store.open(dir.resolve("store"));
        Descriptor[] images = twoImages(store);
        assertThat(differences(store, images[1], images[1])).isEmpty();
    }

    @Test
    void theStatesCarryWhatChanged() throws IOException {
        Store store = Store.open(dir.resolve("store"));
        Descriptor[] images = twoImages(store);
        var byPath = differences(store, images[0], images[1]).stream()
                .collect(Collectors.toMap(ImageDifference.PathDifference::path, d -> d));
        var motd = byPath.get("etc/motd");
        assertThat(motd.before().flatMap(ImageDifference.PathState::digest))
                .isNotEqualTo(motd.after().flatMap(ImageDifference.PathState::digest));
        assertThat(byPath.get("etc/passwd").after().map(ImageDifference.PathState::mode)).contains(0600);
        assertThat(byPath.get("srv").after().map(ImageDifference.PathState::uid)).contains(1000L);
        assertThat(byPath.get("usr/bin/sh").after().map(ImageDifference.PathState::link)).contains("toybox");
        assertThat(byPath.get("data").before().map(ImageDifference.PathState::type)).contains(EntryType.DIRECTORY);
        assertThat(byPath.get("opt/app/bin").after().map(ImageDifference.PathState::size)).contains(3L);
        assertThat(byPath.get("opt/app/bin").before()).isEqualTo(Optional.empty());
    }
}
