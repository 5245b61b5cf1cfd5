package dev.lamina.cli;

import dev.lamina.builder.cache.BuildCache;
import dev.lamina.image.Descriptor;
import dev.lamina.image.Digest;
import dev.lamina.image.store.GarbageCollector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "prune", description = "Remove unnamed images and the build cache, then every blob no named image uses.")
final class PruneCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;

    @Option(names = "--keep-cache", description = "Keep the build cache (the layers it holds, and RUN cache mounts).")
    boolean keepCache;

    @Override
    public Integer call() throws IOException {
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
        if (!keepCache) {
            // as docker system prune drops the build cache: its records go, so the layers only they held are collected
            int records = new BuildCache(lamina.store()).clear();
            if (records > 0) {
                lamina.console().out().println("Deleted build cache: " + records + " steps");
            }
        }
        GarbageCollector.Report report = new GarbageCollector(lamina.store(), gcRoots()).prune();
        for (Digest removed : report.removed()) {
            lamina.console().out().println("Deleted: " + removed);
        }
        lamina.console().out().println("Total reclaimed space: " + Units.humanSize(report.bytesFreed()));
        return Lamina.OK;
    }

    /** Lamina's roots, and RUN's cache mounts dropped with the build cache. */
    private java.util.List<GarbageCollector.Roots> gcRoots() {
        java.util.List<GarbageCollector.Roots> roots = new java.util.ArrayList<>(lamina.gcRoots());
        roots.add(dev.lamina.builder.runstep.RunStorage.sweeper(lamina.store(), !keepCache));
        return roots;
    }
}
