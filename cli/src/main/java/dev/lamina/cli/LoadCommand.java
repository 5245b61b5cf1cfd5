package dev.lamina.cli;

import picocli.CommandLine.Command;

@Command(name = "load", description = "Load images from a docker-archive or oci-archive.")
final class LoadCommand extends NotYetImplemented {
}
