package dev.lamina.cli;

import dev.lamina.image.Descriptor;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.copy.CopyOptions;
import dev.lamina.image.copy.ImageCopier;
import dev.lamina.image.store.Catalog;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreSource;
import dev.lamina.registry.RegistryClient;
import dev.lamina.registry.RegistryDestination;
import dev.lamina.registry.StoreMountSources;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "push", description = "Push an image from the store to a registry.")
final class PushCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;

    @Mixin
    TlsVerifyOption tls;

    @Option(names = {"-a", "--all-tags"}, description = "Push every tag the store has for the repository.")
    boolean allTags;

    @Option(names = {"-q", "--quiet"}, description = "No progress.")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "REF", description = "The image in the store (a reference or an image ID).")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DEST",
            description = "Where to push it, NAME[:TAG] or docker://NAME[:TAG] (default: REF itself).")
    String destination;

    @Override
    public Integer call() throws IOException {
        Store store = lamina.store();
        Catalog catalog = new Catalog(store);
        List<Push> pushes = allTags ? everyTag(catalog) : List.of(single(catalog));
        RegistryClient client = lamina.registries().client(tls.tlsVerify);
        StoreMountSources mounts = new StoreMountSources(store);
        for (Push push : pushes) {
            ImageCopier.CopyResult result;
            try (RegistryDestination target = client.destination(push.target(), mounts)) {
                result = ImageCopier.copy(new StoreSource(store), push.image(), target, CopyOptions.defaults()
                        .withTags(push.target().tag().map(List::of).orElse(List.of()))
                        .withListener(TransferProgress.on(lamina.console(), quiet, TransferProgress.Verbs.PUSH)));
                target.commit();
            }
            // As docker push reports it, for scripts that take the digest from here.
            lamina.console().out().println(push.target().tag().orElse("<none>") + ": digest: "
                    + result.topLevel().digest() + " size: " + result.topLevel().size());
        }
        return Lamina.OK;
    }

    private record Push(Descriptor image, ImageReference target) {
    }

    private Push single(Catalog catalog) {
        Catalog.Entry entry = catalog.require(source);
        ImageReference target;
        if (destination != null) {
            target = Registries.reference(destination);
        } else {
            // Without DEST the image must have been named by its reference: an ID (which parses as a Docker Hub
            // name) would otherwise be pushed there.
            target = named(source).flatMap(ref -> catalog.find(ref).map(found -> ref))
                    .orElseThrow(() -> new UsageException("\"" + source + "\" is an image ID, not a name: name a DEST"
                            + " to push it to"));
        }
        return new Push(entry.descriptor(), target);
    }

    private static Optional<ImageReference> named(String text) {
        try {
            return Optional.of(Registries.reference(text));
        } catch (LaminaException e) {
            return Optional.empty();
        }
    }

    /** {@code push -a NAME}: every tag of NAME in the store, to the same names. */
    private List<Push> everyTag(Catalog catalog) {
        if (destination != null) {
            throw new UsageException("--all-tags pushes each tag to its own name: no DEST");
        }
        ImageReference repository = ImageReference.parseNormalized(source.startsWith(Registries.TRANSPORT)
                ? source.substring(Registries.TRANSPORT.length()) : source);
        if (repository.tag().isPresent() || repository.digest().isPresent()) {
            throw new UsageException("--all-tags takes a repository without tag or digest: " + source);
        }
        List<Push> pushes = new ArrayList<>();
        for (Catalog.Entry entry : catalog.entries()) {
            entry.reference().filter(r -> r.name().equals(repository.name()) && r.tag().isPresent())
                    .ifPresent(r -> pushes.add(new Push(entry.descriptor(), r)));
        }
        if (pushes.isEmpty()) {
            throw new LaminaException("no tags of " + repository.name() + " in the store");
        }
        return pushes;
    }
}
