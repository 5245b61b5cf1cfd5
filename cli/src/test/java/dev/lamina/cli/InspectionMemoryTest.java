package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.Compression;
import dev.lamina.image.store.Store;
import dev.lamina.tarball.layer.LayerOptions;
import dev.lamina.tarball.layer.LayerWriter;
import dev.lamina.tarball.tar.TarEntry;
import dev.lamina.tarball.testing.LayeredImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inspection keeps metadata per path, never content or whole entries: two images of 60,000 files each are
 * inspected and compared by a lamina whose heap may not exceed 48 MB (a design that kept every entry, or read a
 * layer into memory, needs several times that).
 */
class InspectionMemoryTest {
    static final int FILES = 60_000;
    static final String HEAP = "-Xmx48m";

    @TempDir
    static Path root;

    @BeforeAll
    static void twoImagesOfManyFiles() throws IOException {
        Store store = Store.open(root);
        LayerOptions plain = LayerOptions.defaults().withCompression(Compression.NONE)
                .deterministic(Instant.parse("2024-01-01T00:00:00Z"));
        LayeredImages.steps().options(plain).layer("many", w -> files(w, false)).build(store, "many:1");
        LayeredImages.steps().options(plain).layer("many", w -> files(w, true)).build(store, "many:2");
    }

    /** FILES files in 600 directories; the changed version rewrites every thousandth. */
    private static void files(LayerWriter w, boolean changed) throws IOException {
        for (int i = 0; i < FILES; i++) {
            byte[] content = ("file " + i + (changed && i % 1000 == 0 ? " changed" : "") + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            w.add(TarEntry.file(String.format("usr/share/d%03d/file-%05d.txt", i % 600, i), content.length),
                    new ByteArrayInputStream(content));
        }
    }

    /** Runs lamina in a JVM of its own with a small heap; returns its stdout, failing on a non-zero exit. */
    private static List<String> lamina(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--root",
                root.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("lamina finished").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", args) + ": " + Files.readString(err)).isZero();
        return Files.readAllLines(out);
    }

    @Test
    void layersOfSixtyThousandFilesFitInASmallHeap() throws Exception {
        List<String> lines = lamina("layers", "many:1");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).matches("1 +\\S+ +\\S+ +\\S+ +\\S+ +" + (FILES + 600 + 2) + " +0 +0 +0 +0 +many");
    }

    @Test
    void twoImagesOfSixtyThousandFilesAreComparedInASmallHeap() throws Exception {
        List<String> lines = lamina("diff", "many:1", "many:2");
        assertThat(lines).hasSize(FILES / 1000).allMatch(l -> l.startsWith("C ") && l.contains("  content "));
    }
}
