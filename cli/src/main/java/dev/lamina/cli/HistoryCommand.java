package dev.lamina.cli;

import picocli.CommandLine.Command;

@Command(name = "history", description = "Show the history of an image.")
final class HistoryCommand extends NotYetImplemented {
}
