package dev.lamina.cli;

import dev.lamina.image.ImageReference;
import dev.lamina.image.store.Catalog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "tag", description = "Give a stored image another name.")
final class TagCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "An image in the store: a reference or an image ID.")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET", description = "The new name, REPOSITORY[:TAG].")
    String target;

    @Override
    public Integer call() {
        ImageReference name = ImageReference.parse(target);
        if (name.digest().isPresent()) {
            throw new UsageException("refusing to create a tag with a digest reference: " + target);
        }
        Catalog catalog = new Catalog(lamina.store());
        Catalog.Entry entry = catalog.require(source);
        catalog.tag(name, entry.descriptor());
        return Lamina.OK;
    }
}
