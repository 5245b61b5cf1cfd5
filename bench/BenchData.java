import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes the benchmark inputs: {@code small DIR COUNT SIZE} makes COUNT files of SIZE bytes of text-like,
 * compressible content in nested directories (as a package manager leaves them); {@code big FILE MB} makes one
 * file of random (incompressible) bytes. Seeded, so every run gets the same bytes.
 */
public final class BenchData {
    private static final String[] WORDS = {"lib", "usr", "share", "locale", "the", "of", "and", "function", "return",
            "if", "else", "0x00", "{", "}", "\n", "    ", "static", "const", "char", "int"};

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "small" -> small(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "big" -> big(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("small DIR COUNT SIZE | big FILE MB");
        }
    }

    private static void small(Path dir, int count, int size) throws IOException {
        Random random = new Random(42);
        byte[] buffer = new byte[size];
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve(String.format("d%02d/s%03d/f%05d.txt", i % 50, i % 400, i));
            Files.createDirectories(file.getParent());
            int n = 0;
            while (n < size) {
                byte[] word = (random.nextInt(8) == 0 ? Integer.toHexString(random.nextInt())
                        : WORDS[random.nextInt(WORDS.length)] + " ").getBytes();
                int take = Math.min(word.length, size - n);
                System.arraycopy(word, 0, buffer, n, take);
                n += take;
            }
            Files.write(file, buffer);
        }
    }

    private static void big(Path file, int megabytes) throws IOException {
        Files.createDirectories(file.getParent());
        Random random = new Random(megabytes * 31L + file.toString().hashCode());
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
    }
}
