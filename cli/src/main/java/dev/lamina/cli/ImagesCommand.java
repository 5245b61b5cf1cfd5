package dev.lamina.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.Descriptor;
import dev.lamina.image.ImageReference;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.ImageResolver;
import dev.lamina.image.json.Json;
import dev.lamina.image.store.Catalog;
import dev.lamina.image.store.StoreSource;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "images", description = "List the images in the store: REPOSITORY TAG IMAGE ID CREATED SIZE.")
final class ImagesCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs.")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Show full image IDs.")
    boolean noTrunc;

    @Option(names = "--format", paramLabel = "table|json", description = "Output format (default: ${DEFAULT-VALUE}).",
            defaultValue = "table")
    OutputFormat format;

    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]", description = "Only images of this repository (and tag).")
    String filter;

    /** One line of the listing. {@code size} is the content size: config and layers as stored. */
    record Row(Optional<ImageReference> reference, String id, String digest, Optional<Instant> created, long size) {
        String repository() {
            return reference.map(r -> familiarName(r)).orElse("<none>");
        }

        String tag() {
            return reference.flatMap(ImageReference::tag).orElse("<none>");
        }
    }

    @Override
    public Integer call() throws IOException {
        List<Row> rows = rows();
        Console console = lamina.console();
        if (format == OutputFormat.JSON) {
            ArrayNode array = Json.array();
            for (Row row : rows) {
                ObjectNode o = array.addObject();
                o.put("Repository", row.repository());
                o.put("Tag", row.tag());
                o.put("ID", row.id());
                o.put("Digest", row.digest());
                o.put("Created", row.created().map(Instant::toString).orElse(""));
                o.put("Size", row.size());
            }
            console.out().println(new String(Json.writePretty(array), java.nio.charset.StandardCharsets.UTF_8));
            return Lamina.OK;
        }
        if (quiet) {
            Set<String> ids = new LinkedHashSet<>();
            rows.forEach(r -> ids.add(shortId(r.id())));
            ids.forEach(console.out()::println);
            return Lamina.OK;
        }
        Table table = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        Instant now = Instant.now();
        for (Row row : rows) {
            table.row(row.repository(), row.tag(), shortId(row.id()),
                    row.created().map(c -> Units.humanDuration(Duration.between(c, now)) + " ago").orElse("N/A"),
                    Units.humanSize(row.size()));
        }
        table.print(console.out());
        return Lamina.OK;
    }

    private List<Row> rows() throws IOException {
        Catalog catalog = new Catalog(lamina.store());
        ImageResolver resolver = new ImageResolver(new StoreSource(lamina.store()));
        Optional<ImageReference> wanted = Optional.ofNullable(filter).map(ImageReference::parseNormalized);
        List<Row> rows = new ArrayList<>();
        for (Catalog.Entry entry : catalog.entries()) {
            if (wanted.isPresent() && !matches(wanted.get(), entry.reference())) {
                continue;
            }
            rows.add(row(resolver, entry.reference(), entry.descriptor()));
        }
        rows.sort(Comparator.comparing((Row r) -> r.created().orElse(Instant.EPOCH)).reversed()
                .thenComparing(Row::repository).thenComparing(Row::tag));
        return rows;
    }

    private static boolean matches(ImageReference wanted, Optional<ImageReference> actual) {
        if (actual.isEmpty() || !actual.get().name().equals(wanted.name())) {
            return false;
        }
        return wanted.tag().isEmpty() || wanted.tag().equals(actual.get().tag());
    }

    private static Row row(ImageResolver resolver, Optional<ImageReference> reference, Descriptor topLevel)
            throws IOException {
        try {
            ImageResolver.ResolvedImage image = resolver.resolve(topLevel, Platform.host());
            return new Row(reference, image.manifest().config().digest().toString(), topLevel.digest().toString(),
                    image.config().created(), image.manifest().contentSize());
        } catch (dev.lamina.image.NotFoundException e) {
            // an index whose image for this platform is not stored: list it under its own digest
            return new Row(reference, topLevel.digest().toString(), topLevel.digest().toString(), Optional.empty(),
                    topLevel.size());
        }
    }

    private String shortId(String id) {
        String hex = id.substring(id.indexOf(':') + 1);
        return noTrunc ? id : hex.substring(0, 12);
    }

    static String familiarName(ImageReference reference) {
        String familiar = reference.withoutDigest().withoutTag().familiar();
        return familiar;
    }
}
