package dev.lamina.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether lamina's own standard streams are terminals, which Java does not tell one stream at a time. */
final class Terminals {
    private Terminals() {
    }

    /** True when file descriptor 0 of this process is a terminal (a pty, a virtual console, a serial line). */
    static boolean stdinIsTerminal() {
        return isTerminal(0);
    }

    static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
