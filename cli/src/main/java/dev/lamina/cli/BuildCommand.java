package dev.lamina.cli;

import picocli.CommandLine.Command;

@Command(name = "build", description = "Build an image from a Dockerfile.")
final class BuildCommand extends NotYetImplemented {
}
