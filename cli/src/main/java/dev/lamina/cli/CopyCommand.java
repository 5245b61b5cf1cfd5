package dev.lamina.cli;

import picocli.CommandLine.Command;

@Command(name = "copy", description = "Copy an image from any transport to any transport.")
final class CopyCommand extends NotYetImplemented {
}
