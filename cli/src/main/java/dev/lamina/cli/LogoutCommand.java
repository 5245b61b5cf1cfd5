package dev.lamina.cli;

import dev.lamina.image.ImageReference;
import dev.lamina.registry.RegistryClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "logout", description = "Forget the credentials kept for a registry.")
final class LogoutCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;

    @Parameters(arity = "0..1", paramLabel = "REGISTRY", description = "The registry (default: docker.io).")
    String registry = ImageReference.DOCKER_HUB;

    @Override
    public Integer call() {
        String name = RegistryClient.normalise(registry);
        boolean removed = lamina.registries().credentials().erase(name);
        lamina.console().out().println(removed ? "Removing login credentials for " + name
                : "Not logged in to " + name);
        return Lamina.OK;
    }
}
