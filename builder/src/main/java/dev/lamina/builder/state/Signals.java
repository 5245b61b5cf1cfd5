package dev.lamina.builder.state;

import dev.lamina.builder.BuildException;
import java.util.Locale;
import java.util.Set;

/** STOPSIGNAL's check (moby's {@code signal.ParseSignal} on Linux): a positive number, or a signal name. */
public final class Signals {
    private static final Set<String> NAMES = Set.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL",
            "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM",
            "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ", "RTMIN",
            "RTMAX");

    private Signals() {
    }

    public static void check(String signal) {
        if (!signal.isEmpty() && signal.chars().allMatch(Character::isDigit)) {
            if (signal.length() > 9 || Long.parseLong(signal) == 0) {
                throw invalid(signal);
            }
            return;
        }
        String name = signal.toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        if (NAMES.contains(name) || name.matches("RTMIN\\+([1-9]|1[0-5])") || name.matches("RTMAX-([1-9]|1[0-4])")) {
            return;
        }
        throw invalid(signal);
    }

    private static BuildException invalid(String signal) {
        return new BuildException("Invalid signal: " + signal);
    }
}
