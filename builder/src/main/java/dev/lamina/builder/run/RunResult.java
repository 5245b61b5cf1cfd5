package dev.lamina.builder.run;

import java.time.Duration;
import java.util.Optional;

/**
 * How a command ended. A non-zero exit is a result, not an error: the caller decides what it means.
 *
 * @param exitCode  the command's exit status, or 128 + the signal that killed it (as a shell reports it)
 * @param signal    the signal that killed the command, if one did
 * @param oomKilled whether the kernel killed a process of the step for exceeding its memory limit
 * @param duration  from the start of the runner's work to the end of the command
 */
public record RunResult(int exitCode, Optional<Integer> signal, boolean oomKilled, Duration duration) {
    public boolean succeeded() {
        return exitCode == 0 && !oomKilled;
    }

    /** One line for a user: "exit code 2", "killed by signal 9", "killed: out of memory". */
    public String describe() {
        if (oomKilled) {
            return "killed: out of memory (exit code " + exitCode + ")";
        }
        return signal.map(s -> "killed by signal " + s).orElse("exit code " + exitCode);
    }
}
