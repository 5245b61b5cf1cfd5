import dev.lamina.image.Compression;
import dev.lamina.image.Digest;
import dev.lamina.tarball.layer.LayerBlob;
import dev.lamina.tarball.layer.LayerOptions;
import dev.lamina.tarball.layer.LayerSink;
import dev.lamina.tarball.layer.LayerWriter;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * {@code LayerThroughput FILE_OR_DIR}: writes a gzip layer of the input to nowhere (hashed, compressed, counted)
 * on one core and on all cores, and hashes the file alone with the JDK's SHA-256; prints MB/s of input. Each
 * measurement runs after a warm-up run of the same work, best of three.
 */
public final class LayerThroughput {
    public static void main(String[] args) throws Exception {
        Path input = Path.of(args[0]);
        int cores = Runtime.getRuntime().availableProcessors();
        for (int threads : new int[] {1, cores}) {
            for (Compression c : new Compression[] {Compression.GZIP, Compression.ZSTD, Compression.NONE}) {
                if (c != Compression.GZIP && threads != cores) {
                    continue;
                }
                LayerOptions options = LayerOptions.defaults().withCompression(c).withThreads(threads);
                write(input, options);
                double best = Double.MAX_VALUE;
                LayerBlob blob = null;
                for (int run = 0; run < 3; run++) {
                    long start = System.nanoTime();
                    blob = write(input, options);
                    best = Math.min(best, (System.nanoTime() - start) / 1e9);
                }
                System.out.printf("layer %-4s %d core(s): %7.1f MB/s  (%.0f MB -> %.0f MB)%n",
                        c.name().toLowerCase(), threads, blob.uncompressedSize() / 1e6 / best,
                        blob.uncompressedSize() / 1e6, blob.descriptor().size() / 1e6);
            }
        }
        if (Files.isRegularFile(input)) {
            hash(input);
            double best = Double.MAX_VALUE;
            for (int run = 0; run < 3; run++) {
                long start = System.nanoTime();
                hash(input);
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            System.out.printf("sha256 (JDK)       : %7.1f MB/s%n", Files.size(input) / 1e6 / best);
        }
    }

    private static LayerBlob write(Path input, LayerOptions options) throws Exception {
        try (LayerWriter writer = LayerWriter.open(LayerSink.to(OutputStream.nullOutputStream()), options)) {
            if (Files.isDirectory(input)) {
                writer.addTree("", input);
            } else {
                writer.addPath(input.getFileName().toString(), input);
            }
            return writer.finish();
        }
    }

    private static Digest hash(Path file) throws Exception {
        MessageDigest sha = Digest.newSha256();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return Digest.ofSha256(sha.digest());
    }
}
