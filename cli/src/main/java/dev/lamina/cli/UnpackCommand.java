package dev.lamina.cli;

import picocli.CommandLine.Command;

@Command(name = "unpack", description = "Apply an image's layers into a directory.")
final class UnpackCommand extends NotYetImplemented {
}
