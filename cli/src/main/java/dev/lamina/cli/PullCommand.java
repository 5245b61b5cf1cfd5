package dev.lamina.cli;

import picocli.CommandLine.Command;

@Command(name = "pull", description = "Pull an image from a registry into the store.")
final class PullCommand extends NotYetImplemented {
}
