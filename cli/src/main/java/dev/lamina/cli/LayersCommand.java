package dev.lamina.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.json.History;
import dev.lamina.image.json.Json;
import dev.lamina.tarball.inspect.ImageLayer;
import dev.lamina.tarball.inspect.ImageScanner;
import dev.lamina.tarball.inspect.LayerSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "layers", description = "Show an image's layers, base first: digest, diffID, compressed and"
        + " uncompressed size, files added, modified and deleted, whiteouts, opaque directories, and the step that"
        + " made each (any transport, layers streamed, nothing imported).")
final class LayersCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--no-trunc", description = "Show full digests and CREATED BY commands.")
    boolean noTrunc;

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "The platform to show from a multi-platform"
            + " image (default: this machine's).")
    String platform;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "A store reference or ID, or TRANSPORT:….")
    String image;

    @Override
    public Integer call() throws IOException {
        List<LayerSummary> layers;
        try (InspectTarget target = InspectTarget.open(image, platform, lamina)) {
            layers = ImageScanner.scan(target.image(), ImageScanner.Options.defaults(), ImageScanner.Listener.NONE)
                    .layers();
        }
        if (format == OutputFormat.JSON) {
            ArrayNode array = Json.array();
            layers.forEach(summary -> json(summary, array.addObject()));
            lamina.console().out().println(new String(Json.writePretty(array), StandardCharsets.UTF_8));
            return Lamina.OK;
        }
        Table table = new Table("LAYER", "DIGEST", "DIFF ID", "COMPRESSED", "UNCOMPRESSED", "ADDED", "MODIFIED",
                "DELETED", "WHITEOUTS", "OPAQUE", "CREATED BY");
        for (LayerSummary s : layers) {
            ImageLayer layer = s.layer();
            String createdBy = layer.createdBy().replace('\t', ' ');
            table.row(Integer.toString(layer.index() + 1), InspectTarget.shortId(layer.descriptor().digest(), noTrunc),
                    InspectTarget.shortId(layer.diffId(), noTrunc), Units.humanSize(layer.descriptor().size()),
                    Units.humanSize(s.tarSize()), Integer.toString(s.added()), Integer.toString(s.modified()),
                    Integer.toString(s.deleted()), Integer.toString(s.whiteouts()), Integer.toString(s.opaqueDirs()),
                    noTrunc ? createdBy : Units.ellipsis(createdBy, 45));
        }
        table.print(lamina.console().out());
        return Lamina.OK;
    }

    /** A layer as the JSON output describes it (documented in the README). */
    static void json(LayerSummary s, ObjectNode o) {
        ImageLayer layer = s.layer();
        o.put("Index", layer.index() + 1);
        o.put("Digest", layer.descriptor().digest().toString());
        o.put("DiffID", layer.diffId().toString());
        o.put("MediaType", layer.descriptor().mediaType().value());
        o.put("CompressedSize", layer.descriptor().size());
        o.put("UncompressedSize", s.tarSize());
        o.put("Size", s.size());
        o.put("CreatedBy", layer.createdBy());
        o.put("Created", layer.history().flatMap(History::createdInstant).map(Instant::toString).orElse(""));
        o.put("Comment", layer.history().map(History::comment).orElse(""));
        o.put("Entries", s.entries());
        o.put("Added", s.added());
        o.put("Modified", s.modified());
        o.put("Deleted", s.deleted());
        o.put("Whiteouts", s.whiteouts());
        o.put("OpaqueDirs", s.opaqueDirs());
    }
}
