package dev.lamina.cli;

import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.Platform;
import dev.lamina.tarball.inspect.LayeredImage;
import dev.lamina.tarball.tar.EntryType;
import java.io.IOException;

/**
 * An image opened for the inspection commands (history, layers, diff, efficiency) straight from its transport:
 * nothing is imported into the store, and a registry's layers are streamed as they are read.
 */
record InspectTarget(Endpoints.Opened opened, LayeredImage image) implements AutoCloseable {
    /** Opens {@code text} (any transport) and resolves the image for {@code platform} (null: this machine's). */
    static InspectTarget open(String text, String platform, Lamina lamina) throws IOException {
        Platform wanted = platform == null ? Platform.host() : Platform.parse(platform);
        Endpoints.Opened opened = Endpoints.open(text, lamina);
        try {
            return new InspectTarget(opened, LayeredImage.resolve(opened.source(), opened.topLevel(), wanted));
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /**
     * The layer a 1-based {@code --layer} number names, as a 0-based index; out of range fails with one line.
     */
    int layerIndex(int number) {
        int count = image.layers().size();
        if (number < 1 || number > count) {
            throw new LaminaException("layer " + number + " is out of range: " + image.description() + " has "
                    + (count == 0 ? "no layers" : count == 1 ? "1 layer (--layer 1)" : count + " layers (--layer 1 to "
                    + count + ")"));
        }
        return number - 1;
    }

    @Override
    public void close() throws IOException {
        opened.close();
    }

    /** An image or layer ID as Docker shows it: 12 hex digits, or the whole digest with {@code --no-trunc}. */
    static String shortId(Digest digest, boolean noTrunc) {
        return noTrunc ? digest.toString() : digest.hex().substring(0, Math.min(12, digest.hex().length()));
    }

    /** How the JSON output names a type of file. */
    static String typeName(EntryType type) {
        return switch (type) {
            case REGULAR -> "file";
            case DIRECTORY -> "directory";
            case SYMLINK -> "symlink";
            case HARDLINK -> "hardlink";
            case CHAR_DEVICE -> "char-device";
            case BLOCK_DEVICE -> "block-device";
            case FIFO -> "fifo";
        };
    }

    /** Permission bits as {@code ls} and {@code chmod} write them: {@code 0644}, {@code 4755}. */
    static String octal(int mode) {
        return String.format("%04o", mode);
    }
}
