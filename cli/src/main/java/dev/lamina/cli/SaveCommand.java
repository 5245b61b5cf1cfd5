package dev.lamina.cli;

import picocli.CommandLine.Command;

@Command(name = "save", description = "Write images to a docker-archive or oci-archive.")
final class SaveCommand extends NotYetImplemented {
}
