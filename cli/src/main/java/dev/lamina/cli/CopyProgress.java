package dev.lamina.cli;

import dev.lamina.image.Descriptor;
import dev.lamina.image.copy.CopyListener;
import java.io.PrintStream;

/**
 * Copy progress as lines on stderr, one per blob and manifest, as skopeo prints them: readable in a log and
 * harmless when stdout carries an archive.
 */
final class CopyProgress implements CopyListener {
    private final PrintStream err;
    private final boolean quiet;

    CopyProgress(PrintStream err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    @Override
    public void blobSkipped(Descriptor blob) {
        line("Skipping blob " + blob.digest().shortHex() + " (already present)");
    }

    @Override
    public void blobDone(Descriptor blob) {
        line("Copying " + (blob.mediaType().isConfig() ? "config " : "blob ") + blob.digest().shortHex() + " done ("
                + Units.humanSize(blob.size()) + ")");
    }

    @Override
    public void manifestWritten(Descriptor manifest) {
        line("Writing manifest " + manifest.digest().shortHex());
    }

    private synchronized void line(String text) {
        if (!quiet) {
            err.println(text);
        }
    }
}
