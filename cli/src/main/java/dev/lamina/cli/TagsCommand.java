package dev.lamina.cli;

import picocli.CommandLine.Command;

@Command(name = "tags", description = "List the tags of a repository in a registry.")
final class TagsCommand extends NotYetImplemented {
}
