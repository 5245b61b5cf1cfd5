package dev.lamina.cli;

import picocli.CommandLine.Command;

@Command(name = "logout", description = "Remove saved credentials for a registry.")
final class LogoutCommand extends NotYetImplemented {
}
