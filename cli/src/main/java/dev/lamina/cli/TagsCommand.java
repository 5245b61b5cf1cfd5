package dev.lamina.cli;

import dev.lamina.image.ImageReference;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "tags", description = "List the tags of a repository in a registry, one per line.")
final class TagsCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;

    @Mixin
    TlsVerifyOption tls;

    @Parameters(paramLabel = "REPO", description = "The repository: NAME or docker://NAME (a tag or digest is ignored).")
    String repository;

    @Override
    public Integer call() throws IOException {
        ImageReference repo = ImageReference.parseNormalized(repository.startsWith(Registries.TRANSPORT)
                ? repository.substring(Registries.TRANSPORT.length()) : repository);
        for (String tag : lamina.registries().client(tls.tlsVerify).tags(repo)) {
            lamina.console().out().println(tag);
        }
        return Lamina.OK;
    }
}
