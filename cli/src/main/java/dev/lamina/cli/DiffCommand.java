package dev.lamina.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.lamina.image.json.Json;
import dev.lamina.tarball.inspect.Change;
import dev.lamina.tarball.inspect.FileTree;
import dev.lamina.tarball.inspect.ImageDifference;
import dev.lamina.tarball.inspect.ImageLayer;
import dev.lamina.tarball.inspect.ImageScanner;
import dev.lamina.tarball.inspect.LayerSummary;
import dev.lamina.tarball.tar.EntryType;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "diff", description = "With one image: what each layer adds (A), changes (C) and deletes (D), as"
        + " docker diff lists them, with sizes. With two: the file-level difference of their final filesystems"
        + " (added, deleted, changed content, type, link, mode or owner) and the layer responsible in each. Any"
        + " transport; layers are streamed, nothing is extracted or imported.")
final class DiffCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--layer", paramLabel = "N", description = "Only layer N (1 is the base layer).")
    Integer layer;

    @Option(names = "--no-trunc", description = "Show full digests and CREATED BY commands in layer headings.")
    boolean noTrunc;

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "The platform to compare from multi-platform"
            + " images (default: this machine's).")
    String platform;

    @Parameters(arity = "1..2", paramLabel = "IMAGE", description = "One or two images: a store reference or ID, or"
            + " TRANSPORT:….")
    List<String> images;

    @Override
    public Integer call() throws IOException {
        if (images.size() == 2) {
            if (layer != null) {
                throw new UsageException("--layer shows one image's layer: give one image, or compare two without it");
            }
            compareImages();
        } else {
            layerChanges();
        }
        return Lamina.OK;
    }

    // ---- one image: each layer's changes ----

    private void layerChanges() throws IOException {
        PrintStream out = lamina.console().out();
        try (InspectTarget target = InspectTarget.open(images.get(0), platform, lamina)) {
            int count = target.image().layers().size();
            int first = layer == null ? 0 : target.layerIndex(layer);
            int last = layer == null ? count - 1 : first;
            ImageScanner.Listener printer = format == OutputFormat.JSON
                    ? new JsonLayers(Json.prettyGenerator(out), first) : new TableLayers(out, first, count);
            ImageScanner.scan(target.image(), last + 1, ImageScanner.Options.defaults(), printer);
            if (printer instanceof JsonLayers json) {
                json.finish();
                out.println();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Prints each wanted layer's changes as they stream: a heading, then {@code K SIZE /path} lines. */
    private final class TableLayers implements ImageScanner.Listener {
        private final PrintStream out;
        private final int first;
        private final int count;

        TableLayers(PrintStream out, int first, int count) {
            this.out = out;
            this.first = first;
            this.count = count;
        }

        @Override
        public void layerStarted(ImageLayer layer) {
            if (layer.index() < first) {
                return;
            }
            if (layer.index() > first) {
                out.println();
            }
            String createdBy = layer.createdBy().replace('\t', ' ');
            out.println("# layer " + (layer.index() + 1) + "/" + count + " "
                    + InspectTarget.shortId(layer.descriptor().digest(), noTrunc)
                    + (createdBy.isEmpty() ? "" : ": " + (noTrunc ? createdBy : Units.ellipsis(createdBy, 80))));
        }

        @Override
        public void change(ImageLayer layer, Change change) {
            if (layer.index() >= first) {
                // a deleted directory shows the bytes it took with it; otherwise a directory has no size
                boolean sized = change.type() != EntryType.DIRECTORY || change.kind() == Change.Kind.DELETED;
                out.println(line(change.kind(), sized ? Units.humanSize(change.size()) : "-", change.path(), ""));
            }
        }
    }

    /** Streams the wanted layers as a JSON array of {@code {Index, Digest, DiffID, CreatedBy, Changes: [...]}}. */
    private static final class JsonLayers implements ImageScanner.Listener {
        private final JsonGenerator json;
        private final int first;

        JsonLayers(JsonGenerator json, int first) throws IOException {
            this.json = json;
            this.first = first;
            json.writeStartArray();
        }

        @Override
        public void layerStarted(ImageLayer layer) {
            if (layer.index() < first) {
                return;
            }
            write(() -> {
                json.writeStartObject();
                json.writeNumberField("Index", layer.index() + 1);
                json.writeStringField("Digest", layer.descriptor().digest().toString());
                json.writeStringField("DiffID", layer.diffId().toString());
                json.writeStringField("CreatedBy", layer.createdBy());
                json.writeArrayFieldStart("Changes");
            });
        }

        @Override
        public void change(ImageLayer layer, Change change) {
            if (layer.index() < first) {
                return;
            }
            write(() -> {
                json.writeStartObject();
                json.writeStringField("Kind", String.valueOf(change.kind().letter()));
                json.writeStringField("Path", "/" + change.path());
                json.writeStringField("Type", InspectTarget.typeName(change.type()));
                json.writeNumberField("Size", change.size());
                json.writeEndObject();
            });
        }

        @Override
        public void layerFinished(LayerSummary summary) {
            if (summary.layer().index() >= first) {
                write(() -> {
                    json.writeEndArray();
                    json.writeEndObject();
                });
            }
        }

        void finish() throws IOException {
            json.writeEndArray();
            json.close();
        }

        private static void write(IoAction action) {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    /** {@code A   1.2kB  /etc/app.conf}: the size right-aligned in 7 columns (go-units' sizes fit). */
    private static String line(Change.Kind kind, String size, String path, String detail) {
        return kind.letter() + " " + " ".repeat(Math.max(0, 7 - size.length())) + size + "  /" + path
                + (detail.isEmpty() ? "" : "  " + detail);
    }

    // ---- two images: the difference of their filesystems ----

    private void compareImages() throws IOException {
        try (InspectTarget before = InspectTarget.open(images.get(0), platform, lamina);
                InspectTarget after = InspectTarget.open(images.get(1), platform, lamina)) {
            List<FileTree> trees = ImageScanner.scanPair(before.image(), after.image(),
                    ImageScanner.Options.defaults().withContentDigests());
            PrintStream out = lamina.console().out();
            if (format == OutputFormat.JSON) {
                try (JsonGenerator json = Json.prettyGenerator(out)) {
                    json.writeStartObject();
                    image(json, "From", before);
                    image(json, "To", after);
                    json.writeArrayFieldStart("Changes");
                    ImageDifference.compare(trees.get(0), trees.get(1), d -> JsonLayers.write(() -> json(json, d)));
                    json.writeEndArray();
                    json.writeEndObject();
                }
                out.println();
            } else {
                ImageDifference.compare(trees.get(0), trees.get(1), d -> out.println(line(d)));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String line(ImageDifference.PathDifference d) {
        ImageDifference.PathState state = d.after().or(d::before).orElseThrow();
        String layers = switch (d.kind()) {
            case ADDED -> "(layer " + layerNumber(d.after()) + ")";
            case DELETED -> "(layer " + layerNumber(d.before()) + ")";
            case CHANGED -> "(layer " + layerNumber(d.before()) + " → " + layerNumber(d.after()) + ")";
        };
        String aspects = describe(d);
        // every path below an added or deleted directory has its own line: a directory shows no size
        String size = state.type() == EntryType.DIRECTORY ? "-" : Units.humanSize(state.size());
        return line(d.kind(), size, d.path(), aspects.isEmpty() ? layers : aspects + "  " + layers);
    }

    private static String layerNumber(Optional<ImageDifference.PathState> state) {
        int index = state.map(ImageDifference.PathState::layer).orElse(-1);
        return index < 0 ? "-" : Integer.toString(index + 1);
    }

    /** {@code content 4.1kB → 5.2kB, mode 0644 → 0600}: what changed, old → new. */
    private static String describe(ImageDifference.PathDifference d) {
        if (d.before().isEmpty() || d.after().isEmpty()) {
            return "";
        }
        ImageDifference.PathState a = d.before().get();
        ImageDifference.PathState b = d.after().get();
        List<String> parts = new ArrayList<>();
        for (ImageDifference.Aspect aspect : d.aspects()) {
            parts.add(switch (aspect) {
                case TYPE -> "type " + InspectTarget.typeName(a.type()) + " → " + InspectTarget.typeName(b.type());
                case CONTENT -> a.size() == b.size() ? "content"
                        : "content " + Units.humanSize(a.size()) + " → " + Units.humanSize(b.size());
                case LINK -> "link " + a.link() + " → " + b.link();
                case DEVICE -> "device " + device(a.device()) + " → " + device(b.device());
                case MODE -> "mode " + InspectTarget.octal(a.mode()) + " → " + InspectTarget.octal(b.mode());
                case OWNER -> "owner " + a.uid() + ":" + a.gid() + " → " + b.uid() + ":" + b.gid();
            });
        }
        return String.join(", ", parts);
    }

    private static String device(long packed) {
        return (packed >>> 32) + ":" + (packed & 0xffffffffL);
    }

    private static void image(JsonGenerator json, String field, InspectTarget target) throws IOException {
        json.writeObjectFieldStart(field);
        json.writeStringField("Image", target.image().id().toString());
        json.writeStringField("Reference", target.opened().location().text());
        json.writeEndObject();
    }

    private static void json(JsonGenerator json, ImageDifference.PathDifference d) throws IOException {
        json.writeStartObject();
        json.writeStringField("Kind", String.valueOf(d.kind().letter()));
        json.writeStringField("Path", "/" + d.path());
        json.writeArrayFieldStart("Aspects");
        for (ImageDifference.Aspect aspect : d.aspects()) {
            json.writeString(aspect.name().toLowerCase(Locale.ROOT));
        }
        json.writeEndArray();
        state(json, "From", d.before());
        state(json, "To", d.after());
        json.writeEndObject();
    }

    private static void state(JsonGenerator json, String field, Optional<ImageDifference.PathState> state)
            throws IOException {
        if (state.isEmpty()) {
            json.writeNullField(field);
            return;
        }
        ImageDifference.PathState s = state.get();
        json.writeObjectFieldStart(field);
        json.writeStringField("Type", InspectTarget.typeName(s.type()));
        json.writeStringField("Mode", InspectTarget.octal(s.mode()));
        json.writeNumberField("UID", s.uid());
        json.writeNumberField("GID", s.gid());
        json.writeNumberField("Size", s.size());
        json.writeStringField("Digest", s.digest().map(Object::toString).orElse(""));
        json.writeStringField("Link", s.link());
        json.writeStringField("Device", s.type().isDevice() ? device(s.device()) : "");
        if (s.layer() < 0) {
            json.writeNullField("Layer");
        } else {
            json.writeNumberField("Layer", s.layer() + 1);
        }
        json.writeEndObject();
    }
}
