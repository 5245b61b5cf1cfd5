package dev.lamina.cli;

import picocli.CommandLine.Command;

@Command(name = "push", description = "Push an image from the store to a registry.")
final class PushCommand extends NotYetImplemented {
}
