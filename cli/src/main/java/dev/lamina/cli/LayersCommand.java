package dev.lamina.cli;

import picocli.CommandLine.Command;

@Command(name = "layers", description = "Show an image's layers and what each changes.")
final class LayersCommand extends NotYetImplemented {
}
