package dev.lamina.cli;

import picocli.CommandLine.Command;

@Command(name = "run", description = "Run a command in an image.")
final class RunCommand extends NotYetImplemented {
}
