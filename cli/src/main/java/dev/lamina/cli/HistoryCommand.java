package dev.lamina.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.Digest;
import dev.lamina.image.json.Json;
import dev.lamina.tarball.inspect.HistoryEntry;
import dev.lamina.tarball.inspect.ImageLayer;
import dev.lamina.tarball.inspect.ImageScanner;
import dev.lamina.tarball.inspect.LayeredImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "history", description = "Show the history of an image, newest first, as docker history shows it:"
        + " IMAGE CREATED CREATED BY SIZE COMMENT (any transport, nothing imported).")
final class HistoryCommand implements Callable<Integer> {
    /** Docker's default table, and the one {@code --human=false} gives. */
    static final String TABLE = "table {{.ID}}\\t{{.CreatedSince}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}";
    static final String TABLE_NOT_HUMAN = "table {{.ID}}\\t{{.CreatedAt}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}";
    /** The fields a template may use, with the header Docker gives each. */
    static final Map<String, String> FIELDS = fields();
    /** Docker leaves the CREATED column empty for times before 2000 (such as the zero time). */
    private static final Instant EPOCH = Instant.parse("2000-01-01T00:00:00Z");
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    @ParentCommand
    Lamina lamina;

    @Option(names = "--no-trunc", description = "Show full image IDs and CREATED BY commands.")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs (no layer is read).")
    boolean quiet;

    @Option(names = {"-H", "--human"}, arity = "0..1", fallbackValue = "true", defaultValue = "true",
            paramLabel = "BOOL", description = "Sizes and dates in human units (default: true; --human=false for"
            + " bytes and RFC 3339 times).")
    boolean human;

    @Option(names = "--format", paramLabel = "table|json|TEMPLATE", defaultValue = "table",
            description = "table (default), json (an array, for scripts), or a Go template: {{.ID}} {{.CreatedSince}}"
                    + " {{.CreatedAt}} {{.CreatedBy}} {{.Size}} {{.Comment}}, {{json .}}; 'table …' aligns columns.")
    String format;

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "The platform to show from a multi-platform"
            + " image (default: this machine's).")
    String platform;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "A store reference or ID, or TRANSPORT:….")
    String image;

    /** One step, as the JSON output gives it. */
    record Row(String id, Optional<Instant> created, String createdBy, long size, String comment, boolean emptyLayer,
            Optional<Digest> layer) {
    }

    @Override
    public Integer call() throws IOException {
        boolean json = format.equalsIgnoreCase("json");
        Template template = json ? null : Template.parse(format.equals("table")
                ? (quiet ? "{{.ID}}" : human ? TABLE : TABLE_NOT_HUMAN) : format, FIELDS);
        List<Row> rows;
        try (InspectTarget target = InspectTarget.open(image, platform, lamina)) {
            // the SIZE column is each layer's unpacked size: only then are the layers read
            rows = rows(target.image(), json || template.uses("Size"));
        }
        if (json) {
            ArrayNode array = Json.array();
            for (Row row : rows) {
                ObjectNode o = array.addObject();
                o.put("ID", row.id());
                o.put("Created", row.created().map(Instant::toString).orElse(""));
                o.put("CreatedBy", row.createdBy());
                o.put("Size", row.size());
                o.put("Comment", row.comment());
                o.put("EmptyLayer", row.emptyLayer());
                o.put("Layer", row.layer().map(Digest::toString).orElse(""));
            }
            lamina.console().out().println(new String(Json.writePretty(array), StandardCharsets.UTF_8));
            return Lamina.OK;
        }
        Instant now = Instant.now();
        List<Map<String, String>> cells = new ArrayList<>();
        for (Row row : rows) {
            cells.add(cells(row, now));
        }
        template.print(cells, lamina.console().out());
        return Lamina.OK;
    }

    /** The image's steps, newest first; the newest carries the image ID, the others {@code <missing>}. */
    private static List<Row> rows(LayeredImage image, boolean sizes) throws IOException {
        List<Long> layerSizes = sizes ? ImageScanner.sizes(image, ImageScanner.Options.defaults())
                : Collections.nCopies(image.layers().size(), 0L);
        List<Row> rows = new ArrayList<>();
        List<HistoryEntry> history = image.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEntry entry = history.get(i);
            Optional<ImageLayer> layer = entry.layer();
            rows.add(new Row(rows.isEmpty() ? image.id().toString() : "<missing>", entry.history().createdInstant(),
                    entry.history().createdBy(), layer.map(l -> layerSizes.get(l.index())).orElse(0L),
                    entry.history().comment(), layer.isEmpty(), layer.map(l -> l.descriptor().digest())));
        }
        return rows;
    }

    /** The template fields of a row, as Docker's history formatter gives them. */
    private Map<String, String> cells(Row row, Instant now) {
        Map<String, String> cells = new LinkedHashMap<>();
        cells.put("ID", row.id().startsWith("sha256:") ? InspectTarget.shortId(Digest.parse(row.id()), noTrunc) : row.id());
        // Docker keeps whole seconds
        Instant created = row.created().orElse(Instant.EPOCH).truncatedTo(ChronoUnit.SECONDS);
        String createdAt = RFC3339.format(created.atZone(ZoneId.systemDefault()));
        cells.put("CreatedSince", !human ? createdAt : created.isAfter(EPOCH)
                ? Units.humanDuration(Duration.between(created, now)) + " ago" : "");
        cells.put("CreatedAt", createdAt);
        String createdBy = row.createdBy().replace('\t', ' ');
        cells.put("CreatedBy", noTrunc ? createdBy : Units.ellipsis(createdBy, 45));
        cells.put("Size", human ? Units.humanSize(row.size()) : Long.toString(row.size()));
        cells.put("Comment", row.comment());
        return cells;
    }

    private static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("ID", "IMAGE");
        fields.put("CreatedSince", "CREATED");
        fields.put("CreatedAt", "CREATED AT");
        fields.put("CreatedBy", "CREATED BY");
        fields.put("Size", "SIZE");
        fields.put("Comment", "COMMENT");
        return Collections.unmodifiableMap(fields);
    }
}
