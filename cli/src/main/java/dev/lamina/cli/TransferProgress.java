package dev.lamina.cli;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.copy.CopyListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress of a transfer on stderr, one line per blob as Docker shows it: on a terminal a bar per blob,
 * redrawn in place at most ten times a second; otherwise plain lines when a blob starts, is skipped or is
 * done, so that logs stay readable.
 */
final class TransferProgress implements CopyListener {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR_WIDTH = 30;

    /** The words for one direction of transfer. */
    enum Verbs {
        PULL("Downloading", "Download complete"),
        PUSH("Pushing", "Pushed"),
        COPY("Copying", "Copied");

        private final String working;
        private final String done;

        Verbs(String working, String done) {
            this.working = working;
            this.done = done;
        }
    }

    private final PrintStream err;
    private final boolean terminal;
    private final Verbs verbs;
    private final Map<Digest, Line> lines = new LinkedHashMap<>();
    private int drawn;
    private long lastDraw;

    private TransferProgress(PrintStream err, boolean terminal, Verbs verbs) {
        this.err = err;
        this.terminal = terminal;
        this.verbs = verbs;
    }

    /** Nothing at all with {@code quiet}. */
    static CopyListener on(Console console, boolean quiet, Verbs verbs) {
        return quiet ? CopyListener.NONE : new TransferProgress(console.err(), console.interactive(), verbs);
    }

    private static final class Line {
        final Descriptor blob;
        long moved;
        String state;

        Line(Descriptor blob, String state) {
            this.blob = blob;
            this.state = state;
        }
    }

    @Override
    public synchronized void blobSkipped(Descriptor blob) {
        update(blob, "Already exists");
    }

    @Override
    public synchronized void blobStarted(Descriptor blob) {
        update(blob, verbs.working);
    }

    @Override
    public synchronized void blobProgress(Descriptor blob, long bytes) {
        Line line = lines.get(blob.digest());
        if (line != null) {
            line.moved += bytes;
        }
        if (terminal && System.nanoTime() - lastDraw > REDRAW_NANOS) {
            redraw();
        }
    }

    @Override
    public synchronized void blobDone(Descriptor blob) {
        update(blob, verbs.done);
    }

    @Override
    public synchronized void manifestWritten(Descriptor manifest) {
        update(manifest, "Manifest written");
    }

    private void update(Descriptor blob, String state) {
        Line line = lines.computeIfAbsent(blob.digest(), d -> new Line(blob, state));
        line.state = state;
        if (terminal) {
            redraw();
        } else {
            err.println(text(line));
        }
    }

    private void redraw() {
        StringBuilder out = new StringBuilder();
        if (drawn > 0) {
            out.append("\u001b[").append(drawn).append('A');
        }
        for (Line line : lines.values()) {
            out.append("\r\u001b[2K").append(text(line)).append('\n');
        }
        err.print(out);
        err.flush();
        drawn = lines.size();
        lastDraw = System.nanoTime();
    }

    private String text(Line line) {
        String id = line.blob.digest().shortHex();
        if (!line.state.equals(verbs.working)) {
            return id + ": " + line.state;
        }
        String size = Units.humanSize(line.blob.size());
        if (!terminal) {
            return id + ": " + line.state + " " + size;
        }
        long total = Math.max(1, line.blob.size());
        int filled = (int) Math.min(BAR_WIDTH, line.moved * BAR_WIDTH / total);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(BAR_WIDTH - filled);
        return id + ": " + line.state + " [" + bar + "] " + Units.humanSize(Math.min(line.moved, line.blob.size()))
                + "/" + size;
    }
}
