package dev.lamina.cli;

import picocli.CommandLine.Command;

@Command(name = "dockerfile", description = "Work with Dockerfiles.", subcommands = DockerfileCommand.Parse.class)
final class DockerfileCommand implements Runnable {
    @Override
    public void run() {
        throw new UsageException("a subcommand is required: lamina dockerfile parse FILE");
    }

    @Command(name = "parse", description = "Print the parsed Dockerfile.")
    static final class Parse extends NotYetImplemented {
    }
}
