package dev.lamina.cli;

import picocli.CommandLine.Command;

@Command(name = "login", description = "Save credentials for a registry.")
final class LoginCommand extends NotYetImplemented {
}
