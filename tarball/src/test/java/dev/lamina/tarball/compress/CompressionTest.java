package dev.lamina.tarball.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lamina.image.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressionTest {
    @TempDir
    Path dir;

    /** Compressible but not trivial: words with some randomness, a few MB. */
    static byte[] sample(int size, long seed) {
        Random random = new Random(seed);
        String[] words = {"layer", "tar", "gzip", "lamina", "digest", "sha256", "manifest", "config", "\n", " "};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < size) {
            if (random.nextInt(10) == 0) {
                byte[] noise = new byte[random.nextInt(64)];
                random.nextBytes(noise);
                out.writeBytes(noise);
            } else {
                out.writeBytes(words[random.nextInt(words.length)].getBytes(StandardCharsets.US_ASCII));
            }
        }
        return java.util.Arrays.copyOf(out.toByteArray(), size);
    }

    static byte[] compress(byte[] data, Compression c, int threads) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = Compressors.compress(out, c, threads)) {
            // odd write sizes, so block boundaries fall inside writes
            for (int off = 0; off < data.length; off += 77_777) {
                z.write(data, off, Math.min(77_777, data.length - off));
            }
        }
        return out.toByteArray();
    }

    @Test
    void parallelGzipGivesTheSameBytesOnOneCoreAndOnMany() throws IOException {
        byte[] data = sample(3_000_000, 1);
        byte[] one = compress(data, Compression.GZIP, 1);
        assertThat(compress(data, Compression.GZIP, 2)).isEqualTo(one);
        assertThat(compress(data, Compression.GZIP, 7)).isEqualTo(one);
    }

    @Test
    void parallelGzipIsOneMemberThatJavaAndGunzipRead() throws IOException, InterruptedException {
        byte[] data = sample(1_000_003, 2);
        byte[] gz = compress(data, Compression.GZIP, 4);
        assertThat(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes()).isEqualTo(data);
        Path file = dir.resolve("x.gz");
        Files.write(file, gz);
        Process p = new ProcessBuilder("gzip", "-dc", file.toString()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        assertThat(out).isEqualTo(data);
    }

    @Test
    void parallelGzipCompressesAlmostAsWellAsOneStream() throws IOException {
        byte[] data = sample(2_000_000, 3);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (OutputStream z = new java.util.zip.GZIPOutputStream(plain)) {
            z.write(data);
        }
        assertThat((double) compress(data, Compression.GZIP, 2).length).isLessThan(plain.size() * 1.02);
    }

    @Test
    void emptyAndTinyInputsMakeValidGzip() throws IOException {
        for (int size : new int[] {0, 1, 131_072, 131_073}) {
            byte[] data = sample(size, size);
            byte[] gz = compress(data, Compression.GZIP, 3);
            assertThat(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void zstdGivesTheSameBytesWhateverTheWorkerCount() throws IOException {
        byte[] data = sample(3_000_000, 4);
        byte[] one = compress(data, Compression.ZSTD, 1);
        assertThat(compress(data, Compression.ZSTD, 3)).isEqualTo(one);
        try (InputStream in = Decompressors.open(new ByteArrayInputStream(one)).content()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void detectsEachFormatByItsMagicNumber() throws IOException {
        byte[] data = sample(10_000, 5);
        assertThat(Decompressors.open(new ByteArrayInputStream(compress(data, Compression.GZIP, 1))).format())
                .isEqualTo(Decompressors.Format.GZIP);
        assertThat(Decompressors.open(new ByteArrayInputStream(compress(data, Compression.ZSTD, 1))).format())
                .isEqualTo(Decompressors.Format.ZSTD);
        assertThat(Decompressors.open(new ByteArrayInputStream(data)).format()).isEqualTo(Decompressors.Format.NONE);
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (OutputStream z = new org.tukaani.xz.XZOutputStream(xz, new org.tukaani.xz.LZMA2Options())) {
            z.write(data);
        }
        Decompressors.Opened opened = Decompressors.open(new ByteArrayInputStream(xz.toByteArray()));
        assertThat(opened.format()).isEqualTo(Decompressors.Format.XZ);
        assertThat(opened.content().readAllBytes()).isEqualTo(data);
    }

    @Test
    void theSizeLimitStopsADecompressionBomb() throws IOException {
        byte[] zeros = new byte[50_000_000];
        byte[] bomb = compress(zeros, Compression.GZIP, 2);
        assertThat(bomb.length).isLessThan(100_000);
        InputStream limited = new SizeLimitedInputStream(Decompressors.open(new ByteArrayInputStream(bomb)).content(),
                10_000_000, "layer sha256:abc");
        assertThatThrownBy(limited::readAllBytes)
                .isInstanceOf(SizeLimitedInputStream.LimitExceededException.class)
                .hasMessageContaining("layer sha256:abc").hasMessageContaining("10000000");
    }
}
