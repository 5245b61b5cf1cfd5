package dev.lamina.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * lamina's own SIGINT, SIGTERM and SIGHUP while {@code lamina run} waits for its command. Without this the JVM
 * would exit at once and leave the command's root file system behind; instead the waiting thread is
 * interrupted, the runner kills the command, the copy is removed, and lamina exits 128+N as a shell would.
 * With a terminal for the command ({@code -t}), SIGINT is the terminal's Ctrl-C: the runner's helper forwards
 * it to the command, and lamina itself ignores it.
 */
final class Signals implements AutoCloseable {
    static final Signals NONE = new Signals(null);

    private final Thread waiting;
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile Integer received;

    private Signals(Thread waiting) {
        this.waiting = waiting;
    }

    /** Installs the handlers; {@code close} puts back those that were there. */
    static Signals forward(Thread waiting, boolean commandHasTerminal) {
        Signals installed = new Signals(waiting);
        for (String name : List.of("INT", "TERM", "HUP")) {
            boolean ignore = commandHasTerminal && name.equals("INT");
            Signal signal = new Signal(name);
            try {
                installed.previous.add(Signal.handle(signal, ignore ? s -> { } : installed::interrupt));
                installed.signals.add(signal);
            } catch (IllegalArgumentException e) {
                // the JVM reserves it (-Xrs): leave its default
            }
        }
        return installed;
    }

    private void interrupt(Signal signal) {
        if (received == null) {
            received = signal.getNumber();
        }
        waiting.interrupt();
    }

    /** The first signal that interrupted the command, if one did. */
    Optional<Integer> received() {
        return Optional.ofNullable(received);
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
