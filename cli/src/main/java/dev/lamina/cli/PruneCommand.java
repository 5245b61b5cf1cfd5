package dev.lamina.cli;

import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.store.GarbageCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "prune", description = "Remove unnamed images and every blob no named image (or build cache) uses.")
final class PruneCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;

    @Override
    public Integer call() {
        // unnamed entries (builds without -t) are dangling, as Docker's <none> images are
        lamina.store().updateIndex(entries -> {
            List<Descriptor> named = new ArrayList<>();
            for (Descriptor d : entries) {
                if (d.refName().isPresent()) {
                    named.add(d);
                }
            }
            return named;
        });
        GarbageCollector.Report report = new GarbageCollector(lamina.store(), lamina.gcRoots()).prune();
        for (Digest removed : report.removed()) {
            lamina.console().out().println("Deleted: " + removed);
        }
        lamina.console().out().println("Total reclaimed space: " + Units.humanSize(report.bytesFreed()));
        return Lamina.OK;
    }
}
