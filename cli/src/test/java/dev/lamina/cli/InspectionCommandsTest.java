package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.image.Descriptor;
import dev.lamina.image.Platform;
import dev.lamina.image.json.History;
import dev.lamina.image.json.Json;
import dev.lamina.image.json.Manifest;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreDestination;
import dev.lamina.image.testing.TestImages;
import dev.lamina.tarball.testing.InspectionImages;
import dev.lamina.tarball.testing.LayeredImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** history, layers, diff and efficiency on hand-made images whose every change is known. */
class InspectionCommandsTest {
    static final String LONG_RUN = "RUN apt-get update &&\tapt-get install -y curl ca-certificates && rm -rf /var/lib/apt";

    @TempDir
    Path root;
    @TempDir
    Path work;

    CliRunner cli;
    Store store;
    String id;

    @BeforeEach
    void seed() throws IOException {
        cli = new CliRunner(root, work);
        store = Store.open(root);
        Descriptor known = InspectionImages.knownChanges(store, "known:1");
        id = Manifest.parse(store.readBlob(known.digest()), "m").config().digest().hex();
    }

    static JsonNode json(CliRunner.Result result) {
        assertThat(result.code()).as(result.err()).isZero();
        return Json.readTree(result.out().getBytes(StandardCharsets.UTF_8), "output");
    }

    static String ago(String time) {
        return Units.humanDuration(Duration.between(Instant.parse(time), Instant.now())) + " ago";
    }

    // ---- history ----

    /** Steps that exercise every column rule: truncation, tabs, an old time, a missing one, a comment. */
    private void seedHistory() throws IOException {
        LayeredImages.steps()
                .step(new History("2024-01-02T03:04:05Z", "ADD rootfs.tar /", "", "", false),
                        Optional.of(w -> InspectionImages.file(w, "bin/sh", 1500)))
                .step(new History("1999-12-31T23:59:59Z", "ENV OLD=1", "", "", true), Optional.empty())
                .step(new History("", "LABEL nobody=knows", "", "", true), Optional.empty())
                .step(new History("2024-01-02T03:04:05Z", LONG_RUN, "", "buildkit.dockerfile.v0", false),
                        Optional.of(w -> InspectionImages.file(w, "usr/bin/curl", 182_964_289 / 1000)))
                .build(store, "hist:1");
    }

    @Test
    void historyShowsDockersColumnsNewestFirstWithEmptyStepsAndMissingIds() throws IOException {
        seedHistory();
        String top = cli.run("images", "-q", "hist:1").out().strip();
        CliRunner.Result result = cli.run("history", "hist:1");
        assertThat(result.code()).as(result.err()).isZero();
        String ago = ago("2024-01-02T03:04:05Z");
        int created = Math.max(10, ago.length() + 3);
        String format = "%-15s%-" + created + "s%-48s%-10s%s";
        assertThat(result.lines()).containsExactly(
                String.format(format, "IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"),
                String.format(format, top, ago, "RUN apt-get update && apt-get install -y cur…", "183kB",
                        "buildkit.dockerfile.v0"),
                String.format(format, "<missing>", "", "LABEL nobody=knows", "0B", ""),
                String.format(format, "<missing>", "", "ENV OLD=1", "0B", ""),
                String.format(format, "<missing>", ago, "ADD rootfs.tar /", "1.5kB", ""));
    }

    @Test
    void historyNoTruncShowsWholeIdsAndCommands() throws IOException {
        seedHistory();
        CliRunner.Result result = cli.run("history", "--no-trunc", "--format", "{{.ID}}|{{.CreatedBy}}", "hist:1");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.lines().get(0)).startsWith("sha256:").hasSize(7 + 64 + 1 + LONG_RUN.length())
                .endsWith("|" + LONG_RUN.replace('\t', ' '));
        assertThat(result.lines()).hasSize(4);
    }

    @Test
    void historyTemplatesGiveTheCommonFieldsAsDockerDoes() throws IOException {
        seedHistory();
        assertThat(cli.run("history", "--format", "{{.CreatedBy}}", "hist:1").lines()).containsExactly(
                "RUN apt-get update && apt-get install -y cur…", "LABEL nobody=knows", "ENV OLD=1", "ADD rootfs.tar /");
        assertThat(cli.run("history", "--format", "{{.Size}} {{.Comment}}", "hist:1").lines()).containsExactly(
                "183kB buildkit.dockerfile.v0", "0B ", "0B ", "1.5kB ");
        assertThat(cli.run("history", "--human=false", "--format", "{{.Size}} {{.CreatedSince}}", "hist:1").lines()
                .get(0)).matches("182964 2024-01-02T0\\d:\\d\\d:05(Z|[+-]\\d\\d:\\d\\d)");
        String createdAt = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")
                .format(Instant.parse("1999-12-31T23:59:59Z").atZone(java.time.ZoneId.systemDefault()));
        assertThat(cli.run("history", "--format", "{{json .}}", "hist:1").lines().get(2)).isEqualTo(
                "{\"Comment\":\"\",\"CreatedAt\":\"" + createdAt + "\",\"CreatedBy\":\"ENV OLD=1\","
                        + "\"CreatedSince\":\"\",\"ID\":\"\\u003cmissing\\u003e\",\"Size\":\"0B\"}");
        assertThat(cli.run("history", "--format", "table {{.ID}}\\t{{upper .Size}}", "hist:1").lines())
                .containsExactly(
                        "IMAGE          SIZE",
                        cli.run("images", "-q", "hist:1").out().strip() + "   183KB",
                        "<missing>      0B",
                        "<missing>      0B",
                        "<missing>      1.5KB");
    }

    @Test
    void historyQuietListsIdsWithoutReadingLayers() throws IOException {
        seedHistory();
        assertThat(cli.run("history", "-q", "hist:1").lines()).containsExactly(
                cli.run("images", "-q", "hist:1").out().strip(), "<missing>", "<missing>", "<missing>");
    }

    @Test
    void historyJsonGivesFullValuesForScripts() throws IOException {
        seedHistory();
        JsonNode rows = json(cli.run("history", "--format", "json", "hist:1"));
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).path("ID").asText()).startsWith("sha256:").hasSize(71);
        assertThat(rows.get(0).path("CreatedBy").asText()).isEqualTo(LONG_RUN);
        assertThat(rows.get(0).path("Size").asLong()).isEqualTo(182_964);
        assertThat(rows.get(0).path("Created").asText()).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(rows.get(0).path("Layer").asText()).startsWith("sha256:");
        assertThat(rows.get(1).path("ID").asText()).isEqualTo("<missing>");
        assertThat(rows.get(1).path("EmptyLayer").asBoolean()).isTrue();
        assertThat(rows.get(1).path("Layer").asText()).isEmpty();
        assertThat(rows.get(2).path("Created").asText()).isEqualTo("1999-12-31T23:59:59Z");
        assertThat(rows.get(3).path("Size").asLong()).isEqualTo(1500);
    }

    @Test
    void anUnknownTemplateFieldIsAUsageError() {
        CliRunner.Result result = cli.run("history", "--format", "{{.Nope}}", "known:1");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("lamina: error: --format: unknown field .Nope (the fields are .ID,"
                + " .CreatedSince, .CreatedAt, .CreatedBy, .Size, .Comment)\n");
    }

    // ---- layers ----

    @Test
    void layersCountWhatEachLayerAddsModifiesAndDeletes() {
        CliRunner.Result result = cli.run("layers", "known:1");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.lines()).hasSize(4);
        assertThat(result.lines().get(0)).matches("LAYER +DIGEST +DIFF ID +COMPRESSED +UNCOMPRESSED +ADDED +MODIFIED"
                + " +DELETED +WHITEOUTS +OPAQUE +CREATED BY");
        assertThat(result.lines().get(1)).matches("1 +[0-9a-f]{12} +[0-9a-f]{12} +\\S+ +\\S+ +14 +0 +0 +0 +0 +ADD base.tar /");
        assertThat(result.lines().get(2)).matches("2 +[0-9a-f]{12} +[0-9a-f]{12} +\\S+ +\\S+ +5 +3 +3 +1 +1 +RUN change things");
        assertThat(result.lines().get(3)).matches("3 +[0-9a-f]{12} +[0-9a-f]{12} +\\S+ +\\S+ +0 +0 +3 +2 +0 +RUN rm -rf /etc/app");
    }

    @Test
    void layersJsonHasEveryFigure() {
        JsonNode layers = json(cli.run("layers", "--format", "json", "known:1"));
        assertThat(layers).hasSize(3);
        JsonNode second = layers.get(1);
        assertThat(second.path("Index").asInt()).isEqualTo(2);
        assertThat(second.path("Digest").asText()).startsWith("sha256:");
        assertThat(second.path("DiffID").asText()).startsWith("sha256:");
        assertThat(second.path("MediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
        assertThat(second.path("CompressedSize").asLong()).isPositive();
        assertThat(second.path("UncompressedSize").asLong()).isGreaterThan(second.path("Size").asLong());
        assertThat(second.path("Size").asLong()).isEqualTo(77);
        assertThat(second.path("CreatedBy").asText()).isEqualTo("RUN change things");
        assertThat(second.path("Created").asText()).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(List.of("Entries", "Added", "Modified", "Deleted", "Whiteouts", "OpaqueDirs"))
                .extracting(k -> second.path(k).asInt()).containsExactly(8, 5, 3, 3, 1, 1);
    }

    // ---- diff of one image ----

    @Test
    void diffListsEachLayersChangesDockerDiffStyleWithSizes() {
        CliRunner.Result result = cli.run("diff", "--layer", "2", "known:1");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.lines()).hasSize(12);
        assertThat(result.lines().get(0)).matches("# layer 2/3 [0-9a-f]{12}: RUN change things");
        assertThat(result.lines().subList(1, 12)).containsExactly(
                "C       -  /etc/app",
                "C      7B  /etc/app/a.conf",
                "D     1kB  /tmp/build.log",
                "C       -  /var/cache",
                "D     10B  /var/cache/x",
                "D     20B  /var/cache/y",
                "A     30B  /var/cache/z",
                "A       -  /opt",
                "A       -  /opt/new",
                "A     40B  /opt/new/file",
                "A    100B  /usr/bin/tool2");
    }

    @Test
    void diffOfEveryLayerHasOneSectionEach() {
        CliRunner.Result result = cli.run("diff", "known:1");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.lines()).filteredOn(l -> l.startsWith("# layer ")).hasSize(3);
        assertThat(result.lines()).filteredOn(l -> l.startsWith("A ")).hasSize(14 + 5);
        List<String> lines = result.lines();
        assertThat(lines.get(lines.size() - 3)).isEmpty();
        assertThat(lines.get(lines.size() - 2)).matches("# layer 3/3 [0-9a-f]{12}: RUN rm -rf /etc/app");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("D     12B  /etc/app");
    }

    @Test
    void diffJsonStreamsEachLayerWithItsChanges() {
        JsonNode layers = json(cli.run("diff", "--format", "json", "known:1"));
        assertThat(layers).hasSize(3);
        JsonNode last = layers.get(2);
        assertThat(last.path("Index").asInt()).isEqualTo(3);
        assertThat(last.path("CreatedBy").asText()).isEqualTo("RUN rm -rf /etc/app");
        assertThat(last.path("Changes")).hasSize(1);
        JsonNode change = last.path("Changes").get(0);
        assertThat(change.path("Kind").asText()).isEqualTo("D");
        assertThat(change.path("Path").asText()).isEqualTo("/etc/app");
        assertThat(change.path("Type").asText()).isEqualTo("directory");
        assertThat(change.path("Size").asLong()).isEqualTo(12);
        assertThat(json(cli.run("diff", "--format", "json", "--layer", "1", "known:1"))).hasSize(1);
    }

    @Test
    void aLayerOutOfRangeFailsWithOneLine() {
        CliRunner.Result result = cli.run("diff", "--layer", "4", "known:1");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("lamina: error: layer 4 is out of range: image sha256:")
                .endsWith(" has 3 layers (--layer 1 to 3)\n").hasLineCount(1);
    }

    // ---- diff of two images ----

    @Test
    void diffOfTwoImagesListsTheirFileLevelDifferenceWithTheLayersResponsible() throws IOException {
        InspectionImages.twoImages(store, "pair");
        CliRunner.Result result = cli.run("diff", "pair:before", "pair:after");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.lines()).containsExactly(
                "D       -  /data  (layer 1)",
                "D      1B  /data/a  (layer 1)",
                "D      2B  /data/b  (layer 1)",
                "C      6B  /etc/motd  content  (layer 2 → 2)",
                "C     26B  /etc/passwd  mode 0644 → 0600  (layer 1 → 2)",
                "A       -  /opt  (layer 2)",
                "A       -  /opt/app  (layer 2)",
                "A      3B  /opt/app/bin  (layer 2)",
                "C       -  /srv  owner 0:0 → 1000:1000  (layer 1 → 2)",
                "C       -  /swap  type file → directory  (layer 2 → 2)",
                "A      2B  /swap/inside  (layer 2)",
                "D       -  /tmp  (layer 2)",
                "D      1B  /tmp/x  (layer 2)",
                "C      6B  /usr/bin/sh  link busybox → toybox  (layer 1 → 2)",
                "C     14B  /usr/bin/tool  content 7B → 14B  (layer 1 → 2)");
    }

    @Test
    void diffOfTwoImagesAsJsonCarriesBothStates() throws IOException {
        InspectionImages.twoImages(store, "pair");
        JsonNode diff = json(cli.run("diff", "--format", "json", "pair:before", "pair:after"));
        assertThat(diff.path("From").path("Reference").asText()).isEqualTo("pair:before");
        assertThat(diff.path("To").path("Image").asText()).startsWith("sha256:");
        JsonNode changes = diff.path("Changes");
        assertThat(changes).hasSize(15);
        JsonNode passwd = changes.get(4);
        assertThat(passwd.path("Path").asText()).isEqualTo("/etc/passwd");
        assertThat(passwd.path("Kind").asText()).isEqualTo("C");
        assertThat(passwd.path("Aspects").get(0).asText()).isEqualTo("mode");
        assertThat(passwd.path("From").path("Mode").asText()).isEqualTo("0644");
        assertThat(passwd.path("To").path("Mode").asText()).isEqualTo("0600");
        assertThat(passwd.path("To").path("Layer").asInt()).isEqualTo(2);
        assertThat(passwd.path("To").path("Digest").asText()).isEqualTo(passwd.path("From").path("Digest").asText())
                .startsWith("sha256:");
        JsonNode added = changes.get(7);
        assertThat(added.path("Kind").asText()).isEqualTo("A");
        assertThat(added.path("From").isNull()).isTrue();
        assertThat(added.path("To").path("Type").asText()).isEqualTo("file");
        assertThat(added.path("To").path("UID").asLong()).isZero();
    }

    @Test
    void anImageComparedWithItselfPrintsNothing() {
        CliRunner.Result result = cli.run("diff", "known:1", "store:known:1");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).isEmpty();
    }

    @Test
    void layerOnlyGoesWithOneImage() throws IOException {
        CliRunner.Result result = cli.run("diff", "--layer", "1", "known:1", "known:1");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).hasLineCount(1);
    }

    // ---- efficiency ----

    @Test
    void efficiencyReportsDivesFiguresAndTheBiggestOffenders() {
        CliRunner.Result result = cli.run("efficiency", "known:1");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.lines()).containsExactly(
                String.format(java.util.Locale.ROOT, "efficiency: %.4f %%", 17400.0 / 1219),
                "wastedBytes: 1045 bytes (1.04kB)",
                String.format(java.util.Locale.ROOT, "userWastedPercent: %.4f %%", 104500.0 / 77),
                "",
                "COUNT     WASTED    PATH",
                "2         1kB       /tmp/build.log",
                "2         20B       /var/cache/y",
                "3         10B       /etc/app/a.conf",
                "2         10B       /var/cache/x",
                "2         5B        /etc/app/b.conf");
    }

    @Test
    void efficiencyGatesFailTheRunForCi() {
        CliRunner.Result under = cli.run("efficiency", "--fail-under", "90%", "--top", "0", "known:1");
        assertThat(under.code()).isEqualTo(1);
        assertThat(under.out()).startsWith("efficiency: 14.2740 %");
        assertThat(under.err()).isEqualTo("lamina: error: efficiency 14.2740 % is below --fail-under 90.0000 %\n");
        assertThat(cli.run("efficiency", "--fail-under", "0.1", "known:1").code()).isZero();
        CliRunner.Result wasted = cli.run("efficiency", "--max-wasted", "1kB", "--max-user-wasted", "0.5", "known:1");
        assertThat(wasted.code()).isEqualTo(1);
        assertThat(wasted.err()).contains("1045 bytes wasted (1.04kB) is more than --max-wasted 1000 bytes")
                .contains("more than --max-user-wasted 50.0000 %").hasLineCount(1);
        assertThat(cli.run("efficiency", "--fail-under", "95", "known:1").code()).isEqualTo(2);
    }

    @Test
    void efficiencyJsonIsForScripts() {
        JsonNode e = json(cli.run("efficiency", "--format", "json", "--top", "1", "known:1"));
        assertThat(e.path("Image").asText()).isEqualTo("sha256:" + id);
        assertThat(e.path("Efficiency").asDouble()).isEqualTo(174.0 / 1219);
        assertThat(e.path("WastedBytes").asLong()).isEqualTo(1045);
        assertThat(e.path("UserWastedRatio").asDouble()).isEqualTo(1045.0 / 77);
        assertThat(e.path("SizeBytes").asLong()).isEqualTo(1219);
        assertThat(e.path("UserSizeBytes").asLong()).isEqualTo(77);
        assertThat(e.path("Offenders")).hasSize(1);
        assertThat(e.path("Offenders").get(0).path("Path").asText()).isEqualTo("/tmp/build.log");
        assertThat(e.path("Offenders").get(0).path("TotalBytes").asLong()).isEqualTo(1000);
    }

    @Test
    void platformPicksTheImageOfAMultiPlatformIndex() throws IOException {
        Map<Platform, TestImages.Image> images = new LinkedHashMap<>();
        for (String platform : List.of("linux/amd64", "linux/arm64")) {
            images.put(Platform.parse(platform), TestImages.image(
                    Platform.parse(platform),
                    TestImages.files("bin/" + platform.replace('/', '-'), platform)));
        }
        try (StoreDestination destination = new StoreDestination(store)) {
            Descriptor index = TestImages.writeIndex(destination, images);
            destination.tag(index, "multi:1");
            destination.commit();
        }
        assertThat(cli.run("diff", "--platform", "linux/arm64", "multi:1").lines()).contains("A     11B  /bin/linux-arm64");
        assertThat(cli.run("diff", "--platform", "linux/amd64", "multi:1").lines()).contains("A     11B  /bin/linux-amd64");
        CliRunner.Result none = cli.run("layers", "--platform", "linux/s390x", "multi:1");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("no image for linux/s390x").hasLineCount(1);
    }

    // ---- transports and bad input ----

    @Test
    void everyCommandReadsEveryTransportWithoutImporting() throws IOException {
        assertThat(cli.run("copy", "-q", "known:1", "docker-archive:known.tar:known:1").code()).isZero();
        assertThat(cli.run("copy", "-q", "known:1", "oci:layout:known").code()).isZero();
        assertThat(cli.run("copy", "-q", "known:1", "oci-archive:known-oci.tar:known").code()).isZero();
        CliRunner elsewhere = new CliRunner(work.resolve("empty-store"), work);
        String expected = cli.run("diff", "known:1").out();
        for (String location : List.of("docker-archive:known.tar", "oci:layout:known", "oci-archive:known-oci.tar")) {
            // a docker-archive holds uncompressed layers: its digests are the diffIDs, the changes the same
            CliRunner.Result diff = elsewhere.run("diff", location);
            assertThat(diff.code()).as(location + ": " + diff.err()).isZero();
            assertThat(diff.out().replaceAll("# layer (\\d)/3 [0-9a-f]{12}", "# layer $1/3"))
                    .isEqualTo(expected.replaceAll("# layer (\\d)/3 [0-9a-f]{12}", "# layer $1/3"));
            JsonNode layers = json(elsewhere.run("layers", "--format", "json", location));
            assertThat(layers).extracting(l -> l.path("Deleted").asInt()).containsExactly(0, 3, 3);
            assertThat(elsewhere.run("history", "-q", location).lines()).hasSize(4);
            assertThat(elsewhere.run("efficiency", location).lines().get(1)).isEqualTo("wastedBytes: 1045 bytes (1.04kB)");
            assertThat(cli.run("diff", location, "known:1").out()).as(location).isEmpty();
        }
        assertThat(work.resolve("empty-store")).doesNotExist();
    }

    @Test
    void aFileThatIsNotAnImageArchiveFailsWithOneLine() throws IOException {
        Files.writeString(work.resolve("notes.txt"), "not a tar at all\n".repeat(100));
        for (String command : List.of("history", "layers", "diff", "efficiency")) {
            CliRunner.Result result = cli.run(command, "docker-archive:notes.txt");
            assertThat(result.code()).as(command).isEqualTo(1);
            assertThat(result.err()).as(command).startsWith("lamina: error: ").contains("notes.txt").hasLineCount(1);
        }
    }

    @Test
    void aReferenceThatDoesNotResolveFailsWithOneLine() {
        for (String command : List.of("history", "layers", "diff", "efficiency")) {
            CliRunner.Result result = cli.run(command, "nothing:here");
            assertThat(result.code()).as(command).isEqualTo(1);
            assertThat(result.err()).as(command).startsWith("lamina: error: ").contains("nothing:here")
                    .hasLineCount(1);
        }
    }
}
