package dev.lamina.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.MediaType;
import dev.lamina.image.copy.CopyListener;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Progress on stderr: plain lines for logs, a redrawn bar per blob on a terminal, nothing when quiet. */
class TransferProgressTest {
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Descriptor layer = new Descriptor(MediaType.OCI_LAYER_GZIP,
            Digest.sha256("layer".getBytes(StandardCharsets.UTF_8)), 2_000_000);
    final Descriptor config = new Descriptor(MediaType.OCI_CONFIG,
            Digest.sha256("config".getBytes(StandardCharsets.UTF_8)), 1_000);

    Console console(boolean terminal) {
        PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new Console(InputStream.nullInputStream(), stream, stream, Map.of(), Path.of("."), terminal);
    }

    @Test
    void writesOneLinePerBlobEventWhenNotOnATerminal() {
        CopyListener progress = TransferProgress.on(console(false), false, TransferProgress.Verbs.PULL);
        progress.blobSkipped(config);
        progress.blobStarted(layer);
        progress.blobProgress(layer, 1_000_000);
        progress.blobDone(layer);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                config.digest().shortHex() + ": Already exists\n"
                        + layer.digest().shortHex() + ": Downloading 2MB\n"
                        + layer.digest().shortHex() + ": Download complete\n");
    }

    @Test
    void drawsABarPerBlobInPlaceOnATerminal() {
        CopyListener progress = TransferProgress.on(console(true), false, TransferProgress.Verbs.PUSH);
        progress.blobStarted(layer);
        progress.blobStarted(config);
        progress.blobProgress(layer, 1_000_000);
        progress.blobDone(config);
        String out = err.toString(StandardCharsets.UTF_8);
        assertThat(out).contains(layer.digest().shortHex() + ": Pushing [" + "=".repeat(14) + ">" + " ".repeat(15)
                + "] 1MB/2MB");
        assertThat(out).contains("\u001b[2A").endsWith(config.digest().shortHex() + ": Pushed\n");
    }

    @Test
    void saysNothingWhenQuiet() {
        CopyListener progress = TransferProgress.on(console(true), true, TransferProgress.Verbs.COPY);
        progress.blobStarted(layer);
        progress.blobDone(layer);
        assertThat(err.size()).isZero();
    }
}
