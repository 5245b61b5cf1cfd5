package dev.lamina.tarball.apply;

import static dev.lamina.tarball.testing.HostileTar.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.tarball.fs.HostFileSystem;
import dev.lamina.tarball.testing.HostileTar;
import dev.lamina.tarball.testing.Sandbox;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Breakout and malformed layers, after the classes of the containerd, moby and umoci advisories. Every case
 * asserts that nothing outside the root changed (a snapshot of the neighbours before and after) and, where
 * the layer is refused, that the error names the layer and the entry or offset at fault.
 */
class HostileLayerTest {
    @TempDir
    Path dir;

    private Sandbox sandbox;
    private Map<String, String> before;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void setUp() {
        sandbox = new Sandbox(dir);
        before = sandbox.outsideSnapshot();
    }

    @AfterEach
    void nothingOutsideTheRootChanged() {
        assertThat(sandbox.outsideSnapshot()).isEqualTo(before);
    }

    private AppliedLayer apply(byte[] tar) throws IOException {
        return apply(tar, ApplyOptions.defaults(warnings::add));
    }

    private AppliedLayer apply(byte[] tar, ApplyOptions options) throws IOException {
        return new LayerApplier(sandbox.root(), options).apply(new ByteArrayInputStream(tar), "layer L");
    }

    private void refused(HostileTar tar, String... messageParts) {
        refused(tar.end().bytes(), messageParts);
    }

    private void refused(byte[] tar, String... messageParts) {
        assertThatThrownBy(() -> apply(tar)).isInstanceOf(ApplyException.class)
                .hasMessageStartingWith("layer L: ")
                .satisfies(e -> assertThat(e.getMessage()).contains(messageParts).doesNotContain("\n"));
    }

    private Path inRoot(String relative) {
        return sandbox.root().resolve(relative);
    }

    private String outsideAbsolute() {
        return sandbox.outside().toString();
    }

    // ---- traversal ----

    @Test
    void refusesAParentDirectoryName() {
        refused(new HostileTar().file("../escape", "x"), "entry \"../escape\"", "\"..\"");
        assertThat(dir.resolve("escape")).doesNotExist();
    }

    @Test
    void refusesADotDotInTheMiddleOfAName() {
        refused(new HostileTar().dir("a").file("a/../../escape", "x"), "entry \"a/../../escape\"");
    }

    @Test
    void refusesAnAbsoluteName() {
        refused(new HostileTar().file(outsideAbsolute() + "/secret", "pwned"), "absolute name");
    }

    @Test
    void refusesADotSlashDotDotName() {
        refused(new HostileTar().file("./../outside/secret", "pwned"), "entry \"./../outside/secret\"");
    }

    @Test
    void refusesTraversalHiddenInAPaxPath() {
        refused(new HostileTar().pax(records("path", "../outside/secret")).file("innocent", "pwned"),
                "entry \"../outside/secret\"");
    }

    @Test
    void refusesTraversalHiddenInAGnuLongName() {
        refused(new HostileTar().gnuLongName("../".repeat(40) + "escape").file("innocent", "x"), "\"..\"");
    }

    // ---- symlink escapes: resolved as the container would, so they stay inside ----

    @Test
    void anAbsoluteSymlinkToTheHostRootLeadsToTheRootInstead() throws IOException {
        apply(new HostileTar().symlink("link", "/").file("link/escape", "contained").end().bytes());
        assertThat(inRoot("escape")).hasContent("contained");
        assertThat(Files.readSymbolicLink(inRoot("link")).toString()).isEqualTo("/");
    }

    @Test
    void aRelativeSymlinkClimbingAboveTheRootStopsAtTheRoot() throws IOException {
        apply(new HostileTar().symlink("up", "../../../../..").file("up/escape", "contained").end().bytes());
        assertThat(inRoot("escape")).hasContent("contained");
    }

    @Test
    void aSymlinkToTheHostPathOfANeighbourIsResolvedInsideTheRoot() throws IOException {
        apply(new HostileTar().symlink("evil", outsideAbsolute()).file("evil/secret", "pwned").end().bytes());
        assertThat(inRoot(outsideAbsolute().substring(1) + "/secret")).hasContent("pwned");
    }

    @Test
    void aChainOfSymlinksIsFollowedInsideTheRoot() throws IOException {
        apply(new HostileTar().symlink("a", "b").symlink("b", "c/../../..").dir("c")
                .file("a/escape", "contained").end().bytes());
        assertThat(inRoot("escape")).hasContent("contained");
    }

    @Test
    void aSymlinkLeftByALowerLayerCannotLeadOut() throws IOException {
        Files.createSymbolicLink(inRoot("lower"), sandbox.outside());
        apply(new HostileTar().file("lower/secret", "pwned").end().bytes());
        assertThat(inRoot(outsideAbsolute().substring(1) + "/secret")).hasContent("pwned");
    }

    @Test
    void aDirectoryEntryReplacesASymlinkInsteadOfFollowingIt() throws IOException {
        apply(new HostileTar().symlink("d", outsideAbsolute()).dir("d").file("d/new", "inside").end().bytes());
        assertThat(inRoot("d")).isDirectory();
        assertThat(Files.isSymbolicLink(inRoot("d"))).isFalse();
        assertThat(inRoot("d/new")).hasContent("inside");
    }

    @Test
    void refusesASymlinkLoop() {
        refused(new HostileTar().symlink("loop", "loop").file("loop/x", "x"), "entry \"loop/x\"",
                "too many levels of symbolic links");
    }

    @Test
    void aFileReplacesASymlinkOfTheSameNameWithoutWritingThroughIt() throws IOException {
        apply(new HostileTar().symlink("s", outsideAbsolute() + "/secret").file("s", "replaced").end().bytes());
        assertThat(Files.isSymbolicLink(inRoot("s"))).isFalse();
        assertThat(inRoot("s")).hasContent("replaced");
    }

    @Test
    void aDirectoryReplacedByASymlinkCannotCarryLaterEntriesOut() throws IOException {
        apply(new HostileTar().dir("d").file("d/a", "1").symlink("d", outsideAbsolute() + "/dir")
                .file("d/file", "pwned").end().bytes());
        assertThat(inRoot(outsideAbsolute().substring(1) + "/dir/file")).hasContent("pwned");
    }

    // ---- hardlink escapes ----

    @Test
    void refusesAHardlinkClimbingOutOfTheRoot() {
        refused(new HostileTar().hardlink("h", "../outside/secret"), "entry \"h\"", "hardlink target", "\"..\"");
        assertThat(inRoot("h")).doesNotExist();
    }

    @Test
    void refusesAnAbsoluteHardlinkTarget() {
        refused(new HostileTar().hardlink("h", outsideAbsolute() + "/secret"), "absolute hardlink target");
    }

    @Test
    void aHardlinkThroughAnEscapingSymlinkOnlyFindsTheRoot() {
        refused(new HostileTar().symlink("l", "../../..").hardlink("h", "l/outside/secret"),
                "entry \"h\"", "does not exist");
    }

    @Test
    void refusesAHardlinkToADirectory() {
        refused(new HostileTar().dir("d").hardlink("h", "d"), "entry \"h\"", "is a directory");
    }

    @Test
    void refusesAHardlinkToNothing() {
        refused(new HostileTar().hardlink("h", "missing"), "entry \"h\"", "\"missing\" does not exist");
    }

    // ---- whiteout escapes ----

    @Test
    void refusesAWhiteoutOfDotDot() {
        refused(new HostileTar().dir("a").file("a/.wh..", ""), "entry \"a/.wh..\"", "invalid whiteout");
    }

    @Test
    void refusesAWhiteoutWithAnEmptyName() {
        refused(new HostileTar().file(".wh.", ""), "invalid whiteout");
    }

    @Test
    void refusesAWhiteoutReachingAboveTheRoot() {
        refused(new HostileTar().file("../.wh.outside", ""), "\"..\"");
    }

    @Test
    void aWhiteoutThroughASymlinkToANeighbourDeletesNothingOutside() throws IOException {
        Files.createSymbolicLink(inRoot("l"), sandbox.outside());
        apply(new HostileTar().file("l/.wh.secret", "").file("l/dir/.wh.file", "").end().bytes());
        assertThat(sandbox.outside().resolve("secret")).exists();
    }

    @Test
    void aWhiteoutThroughAnAbsoluteSymlinkDeletesInsideTheRoot() throws IOException {
        Files.createDirectories(inRoot("etc"));
        Files.writeString(inRoot("etc/shadow"), "lower");
        Files.createSymbolicLink(inRoot("link"), Path.of("/etc"));
        apply(new HostileTar().file("link/.wh.shadow", "").end().bytes());
        assertThat(inRoot("etc/shadow")).doesNotExist();
        assertThat(inRoot("link")).isSymbolicLink();
    }

    // ---- opaque markers ----

    @Test
    void anOpaqueMarkerAtTheRootEmptiesTheRootButNeverRemovesIt() throws IOException {
        Files.writeString(inRoot("lower"), "from below");
        Files.createDirectories(inRoot("lowerdir/sub"));
        apply(new HostileTar().file(".wh..wh..opq", "").file("upper", "this layer").end().bytes());
        assertThat(sandbox.root()).isDirectory();
        try (var list = Files.list(sandbox.root())) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactly("upper");
        }
    }

    @Test
    void anOpaqueMarkerThroughASymlinkToANeighbourStaysInside() throws IOException {
        Files.createSymbolicLink(inRoot("l"), sandbox.outside());
        apply(new HostileTar().file("l/.wh..wh..opq", "").end().bytes());
        assertThat(sandbox.outside().resolve("secret")).exists();
    }

    // ---- device nodes ----

    @Test
    void deviceNodesAreSkippedWithOneWarningWhenUnprivileged() throws IOException {
        apply(new HostileTar().device("dev/mem", '3', 1, 1).device("dev/sda", '4', 8, 0).end().bytes(),
                ApplyOptions.defaults(warnings::add).withFileSystem(HostFileSystem.unprivileged()));
        assertThat(inRoot("dev/mem")).doesNotExist();
        assertThat(inRoot("dev/sda")).doesNotExist();
        assertThat(warnings).hasSize(1).first().asString().contains("device nodes are skipped").contains("dev/mem");
    }

    @Test
    void aDeviceBehindASymlinkToTheHostDevIsCreatedInsideTheRoot() throws IOException {
        apply(new HostileTar().symlink("d", "/dev").device("d/lamina-test-null", '3', 1, 3).end().bytes());
        assertThat(Path.of("/dev/lamina-test-null")).doesNotExist();
        if (HostFileSystem.create().privileged()) {
            assertThat(Files.readAttributes(inRoot("dev/lamina-test-null"), "unix:rdev", LinkOption.NOFOLLOW_LINKS))
                    .containsEntry("rdev", 259L); // makedev(1, 3)
        }
    }

    // ---- replacement and duplicates ----

    @Test
    void aFileReplacesADirectoryWithEverythingInIt() throws IOException {
        Files.createDirectories(inRoot("swap/deep"));
        Files.writeString(inRoot("swap/deep/f"), "lower");
        apply(new HostileTar().file("swap", "now a file").end().bytes());
        assertThat(inRoot("swap")).isRegularFile().hasContent("now a file");
    }

    @Test
    void aDirectoryReplacesAFileAndThenHoldsEntries() throws IOException {
        apply(new HostileTar().file("x", "file").dir("x").file("x/y", "inside").end().bytes());
        assertThat(inRoot("x/y")).hasContent("inside");
    }

    @Test
    void theLastOfDuplicateEntriesWins() throws IOException {
        apply(new HostileTar().file("dup", "first").file("dup", "second").symlink("dup2", "x").file("dup2", "file")
                .end().bytes());
        assertThat(inRoot("dup")).hasContent("second");
        assertThat(inRoot("dup2")).isRegularFile().hasContent("file");
    }

    // ---- malformed archives ----

    @Test
    void refusesATruncatedContent() {
        byte[] tar = new HostileTar().file("big", "x".repeat(2000)).end().bytes();
        refused(HostileTar.truncate(tar, 512 + 1000), "truncated", "\"big\"", "2000 bytes");
    }

    @Test
    void refusesATruncatedHeader() {
        byte[] tar = new HostileTar().file("a", "x").file("b", "y").end().bytes();
        refused(HostileTar.truncate(tar, 1024 + 100), "truncated", "header block is incomplete");
    }

    @Test
    void refusesABadChecksum() {
        byte[] tar = new HostileTar().file("a", "x").file("b", "y").end().bytes();
        refused(HostileTar.badChecksum(tar, 1024), "entry \"b\" at offset 1024", "bad header checksum");
    }

    @Test
    void refusesANegativeSize() {
        byte[] tar = new HostileTar().file("neg", "x").end().bytes();
        refused(HostileTar.negativeSize(tar, 0), "\"neg\"", "negative size");
    }

    @Test
    void refusesADirectoryThatClaimsContent() {
        refused(new HostileTar().entry("d/", '5', "hidden payload".getBytes(StandardCharsets.UTF_8), "", 0755),
                "\"d/\"", "cannot have 14 bytes of content");
    }

    @Test
    void refusesAnUnknownEntryType() {
        refused(new HostileTar().entry("weird", 'Z', new byte[0], "", 0644), "entry \"weird\"",
                "unsupported entry type 'Z'");
    }

    @Test
    void refusesGnuSparseFiles() {
        refused(new HostileTar().entry("sparse", 'S', new byte[0], "", 0644), "sparse");
    }

    @Test
    void refusesAnOversizedPaxHeader() {
        refused(new HostileTar().lyingSize("PaxHeaders.0/x", 'x', 1L << 40, new byte[0]), "exceeds");
    }

    @Test
    void refusesAMalformedPaxRecord() {
        refused(new HostileTar().rawPax("99 path=short\n").file("a", "x"), "malformed PAX header",
                "does not match");
    }

    @Test
    void refusesANulInAPaxPath() {
        refused(new HostileTar().pax(records("path", "a\0b")).file("a", "x"), "NUL");
    }

    @Test
    void refusesALoneZeroBlockFollowedByData() {
        refused(new HostileTar().file("a", "x").raw(new byte[512]).file("b", "y").end().bytes(),
                "single zero block followed by more data");
    }

    @Test
    void refusesASymlinkWithoutATarget() {
        refused(new HostileTar().symlink("empty", ""), "\"empty\"", "link without a valid target");
    }

    @Test
    void stopsADecompressionBombAtTheLimit() {
        byte[] zeros = new byte[40 * 1024 * 1024];
        byte[] bomb = HostileTar.gzip(new HostileTar().lyingSize("zeros", '0', zeros.length, zeros).end().bytes());
        assertThat(bomb.length).isLessThan(100_000);
        assertThatThrownBy(() -> apply(bomb, ApplyOptions.defaults(warnings::add).withMaxLayerBytes(8 * 1024 * 1024)))
                .isInstanceOf(ApplyException.class)
                .hasMessageContaining("layer L").hasMessageContaining("exceeds the limit of 8388608 bytes");
    }

    @Test
    void refusesGarbageThatIsNotATar() {
        refused("this is not a tar archive at all, just text that goes on".repeat(20).getBytes(StandardCharsets.UTF_8),
                "bad header checksum");
    }
}
