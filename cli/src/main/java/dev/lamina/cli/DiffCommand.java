package dev.lamina.cli;

import picocli.CommandLine.Command;

@Command(name = "diff", description = "Show per-layer changes, or the difference between two images.")
final class DiffCommand extends NotYetImplemented {
}
