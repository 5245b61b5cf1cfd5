package dev.lamina.builder.runstep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.tarball.apply.ApplyOptions;
import dev.lamina.tarball.fs.HostFileSystem;
import dev.lamina.tarball.inspect.LayerChange;
import dev.lamina.tarball.inspect.LayerReader;
import dev.lamina.tarball.layer.LayerOptions;
import dev.lamina.tarball.layer.LayerSink;
import dev.lamina.tarball.layer.LayerWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata walk without a runner: a pristine base, an exact copy, changes made to the copy by the test, and the
 * layer the walk and the diff writer make of them. No root needed.
 */
class WalkDiffTest {
    @TempDir
    Path dir;

    Path base;
    Path root;

    @BeforeEach
    void tree() throws IOException {
        base = Files.createDirectories(dir.resolve("base"));
        Files.createDirectories(base.resolve("etc"));
        Files.writeString(base.resolve("etc/config"), "a=1\n");
        Files.writeString(base.resolve("etc/same"), "same\n");
        Files.createDirectories(base.resolve("var/lib/app"));
        Files.writeString(base.resolve("var/lib/app/one"), "1\n");
        Files.writeString(base.resolve("var/lib/app/two"), "2\n");
        Files.createDirectories(base.resolve("untouched/deep"));
        Files.writeString(base.resolve("untouched/deep/file"), "x\n");
        // times as layers carry them: whole seconds
        try (var walk = Files.walk(base)) {
            for (Path p : walk.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(1_600_000_000L)));
            }
        }
        root = dir.resolve("root");
        Copies.copyTree(base, root);
    }

    private List<String> layer(WalkDiff walk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var fs = HostFileSystem.create();
        try (LayerWriter writer = LayerWriter.open(LayerSink.to(out), LayerOptions.defaults())) {
            new DiffWriter(Tree.directory(base, fs), Tree.directory(root, fs)).plan(walk.changes()).write(writer);
            writer.finish();
        }
        List<String> entries = new ArrayList<>();
        try (LayerReader reader = LayerReader.open(new ByteArrayInputStream(out.toByteArray()),
                ApplyOptions.DEFAULT_MAX_LAYER_BYTES, "layer")) {
            for (Optional<LayerChange> next = reader.next(); next.isPresent(); next = reader.next()) {
                LayerChange change = next.get();
                String kind = change instanceof LayerChange.Write w ? w.entry().type().name().toLowerCase()
                        : change.getClass().getSimpleName().toLowerCase();
                entries.add(change.path() + " " + kind);
            }
        }
        return entries;
    }

    @Test
    void anUntouchedCopyIsNoChange() throws IOException {
        WalkDiff walk = WalkDiff.record(root);

        assertThat(layer(walk)).isEmpty();
    }

    @Test
    void writesDeletesAndAddsBecomeEntriesWithTheirParents() throws IOException {
        WalkDiff walk = WalkDiff.record(root);
        Files.writeString(root.resolve("etc/config"), "a=2\n");
        Files.delete(root.resolve("var/lib/app/two"));
        Files.createDirectories(root.resolve("new/dir"));
        Files.writeString(root.resolve("new/dir/file"), "n\n");

        assertThat(layer(walk)).containsExactly("etc directory", "etc/config regular", "new directory",
                "new/dir directory", "new/dir/file regular", "var directory", "var/lib directory",
                "var/lib/app directory", "var/lib/app/two delete");
    }

    @Test
    void aFileRewrittenWithTheSameContentSizeAndSecondIsNoChangeAsInBuildKit() throws IOException {
        WalkDiff walk = WalkDiff.record(root);
        Files.writeString(root.resolve("etc/same"), "same\n");
        Files.setLastModifiedTime(root.resolve("etc/same"), FileTime.from(Instant.ofEpochSecond(1_600_000_000L)));
        Files.writeString(root.resolve("etc/config"), "b=1\n"); // same size, same second, other content
        Files.setLastModifiedTime(root.resolve("etc/config"), FileTime.from(Instant.ofEpochSecond(1_600_000_000L)));

        assertThat(layer(walk)).as("content decides where the times lack nanoseconds")
                .containsExactly("etc directory", "etc/config regular");
    }

    @Test
    void aDirectoryRemovedAndRecreatedIsOpaqueEvenWithItsOldInodeNumber() throws IOException {
        WalkDiff walk = WalkDiff.record(root);
        HostFileSystem.create().deleteRecursively(root.resolve("var/lib/app"));
        Files.createDirectories(root.resolve("var/lib/app"));
        Files.writeString(root.resolve("var/lib/app/three"), "3\n");

        assertThat(layer(walk)).containsExactly("var directory", "var/lib directory", "var/lib/app directory",
                "var/lib/app opaque", "var/lib/app/three regular");
    }

    @Test
    void aDirectoryReplacedByAFileIsTheFile() throws IOException {
        WalkDiff walk = WalkDiff.record(root);
        HostFileSystem.create().deleteRecursively(root.resolve("var/lib/app"));
        Files.writeString(root.resolve("var/lib/app"), "now a file\n");

        assertThat(layer(walk)).containsExactly("var directory", "var/lib directory", "var/lib/app regular");
    }

    @Test
    void aModeChangeIsAChangeAndATimeOnlyChangeOfADirectoryIsNot() throws IOException {
        WalkDiff walk = WalkDiff.record(root);
        Files.setAttribute(root.resolve("etc/same"), "unix:mode", 0600);
        Files.setLastModifiedTime(root.resolve("untouched/deep"), FileTime.from(Instant.now()));

        assertThat(layer(walk)).containsExactly("etc directory", "etc/same regular");
    }
}
