package dev.lamina.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Unmatched;

/** Base of the commands whose issue has not landed: they accept any arguments and say so, exit 1. */
abstract class NotYetImplemented implements Callable<Integer> {
    @Unmatched
    List<String> arguments;

    @Override
    public Integer call() {
        throw new ExitCodeException(Lamina.FAILED, "not implemented yet");
    }
}
