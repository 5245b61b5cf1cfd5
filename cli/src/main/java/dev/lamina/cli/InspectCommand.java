package dev.lamina.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.image.ImageReference;
import dev.lamina.image.LaminaException;
import dev.lamina.image.Platform;
import dev.lamina.image.copy.ImageResolver;
import dev.lamina.image.copy.ImageSource;
import dev.lamina.image.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "inspect", description = "Show an image's manifest, config and digests as JSON (any transport).")
final class InspectCommand implements Callable<Integer> {
    @ParentCommand
    Lamina lamina;

    @Option(names = "--format", paramLabel = "json", defaultValue = "json", description = "Output format: json.")
    String format;

    @Option(names = "--platform", paramLabel = "OS/ARCH", description = "The platform to show from a multi-platform image.")
    String platform;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images: a store reference or ID, or TRANSPORT:…")
    List<String> images;

    @Override
    public Integer call() throws IOException {
        if (!format.equalsIgnoreCase("json")) {
            throw new UsageException("unsupported --format \"" + format + "\": only json");
        }
        Platform wanted = platform == null ? Platform.host() : Platform.parse(platform);
        ArrayNode out = Json.array();
        for (String text : images) {
            try (Endpoints.Opened opened = Endpoints.open(text, lamina)) {
                out.add(describe(opened, wanted));
            }
        }
        lamina.console().out().println(new String(Json.writePretty(out), StandardCharsets.UTF_8));
        return Lamina.OK;
    }

    private ObjectNode describe(Endpoints.Opened opened, Platform wanted) throws IOException {
        ImageSource source = opened.source();
        ImageResolver.ResolvedImage image = new ImageResolver(source).resolve(opened.topLevel(), wanted);
        ObjectNode o = Json.object();
        o.put("Id", image.manifest().config().digest().toString());
        ArrayNode tags = o.putArray("RepoTags");
        for (ImageSource.NamedImage named : source.images()) {
            if (named.descriptor().digest().equals(opened.topLevel().digest())) {
                named.names().forEach(n -> tags.add(familiar(n)));
            }
        }
        o.put("Digest", opened.topLevel().digest().toString());
        o.put("MediaType", opened.topLevel().mediaType().value());
        if (!opened.topLevel().digest().equals(image.manifestDescriptor().digest())) {
            o.put("ManifestDigest", image.manifestDescriptor().digest().toString());
        }
        o.put("Created", image.config().created().map(Instant::toString).orElse(""));
        Platform p = image.config().platform();
        o.put("Architecture", p.architecture());
        o.put("Os", p.os());
        if (!p.variant().isEmpty()) {
            o.put("Variant", p.variant());
        }
        o.put("Size", image.manifest().contentSize());
        ArrayNode layers = o.putArray("Layers");
        image.manifest().layers().forEach(l -> layers.add(l.digest().toString()));
        o.set("Manifest", Json.readTree(image.manifestBytes(), "manifest"));
        o.set("Config", Json.readTree(image.configBytes(), "image config"));
        return o;
    }

    private static String familiar(String name) {
        try {
            return ImageReference.parseNormalized(name).familiar();
        } catch (LaminaException e) {
            return name;
        }
    }
}
