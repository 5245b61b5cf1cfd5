package dev.lamina.builder.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.builder.LayerRef;
import dev.lamina.builder.fs.ChainIds;
import dev.lamina.image.Digest;
import dev.lamina.image.LaminaException;
import dev.lamina.image.Platform;
import dev.lamina.image.json.ContainerConfig;
import dev.lamina.image.json.History;
import dev.lamina.image.json.ImageConfig;
import dev.lamina.image.json.Json;
import dev.lamina.image.json.JsonFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An image while it is built: the container config (User, Env, Cmd…), the platform, the author, the layers and the
 * history. Immutable; every instruction makes a new state. Only the fields BuildKit's image type knows are kept
 * from a base image (its {@code container_config}, {@code docker_version} and the like are dropped, as BuildKit
 * drops them), and the result is written in BuildKit's shape by {@link #finish}.
 */
public final class ImageState {
    /** BuildKit's {@code system.DefaultPathEnv("linux")}. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** The comment BuildKit's Dockerfile frontend gives its history entries. */
    public static final String HISTORY_COMMENT = "buildkit.dockerfile.v0";
    /** The container config fields, in the order Go writes them (the OCI fields, then Docker's). */
    static final List<String> CONFIG_FIELDS = List.of("User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes",
            "WorkingDir", "Labels", "StopSignal", "ArgsEscaped", "Healthcheck", "OnBuild", "Shell");

    private final ObjectNode config;
    private final Platform platform;
    private final String author;
    private final List<LayerRef> layers;
    private final List<History> history;

    private ImageState(ObjectNode config, Platform platform, String author, List<LayerRef> layers,
            List<History> history) {
        this.config = config;
        this.platform = platform;
        this.author = author;
        this.layers = List.copyOf(layers);
        this.history = List.copyOf(history);
    }

    /** {@code FROM scratch}: BuildKit's empty image, with {@code WorkingDir} {@code /} and the default PATH. */
    public static ImageState scratch(Platform platform) {
        ObjectNode config = Json.object();
        config.putArray("Env").add("PATH=" + DEFAULT_PATH);
        config.put("WorkingDir", "/");
        return new ImageState(config, platform, "", List.of(), List.of());
    }

    /**
     * A stage starting from {@code base} (whose layers are {@code layers}): its known config fields, platform, author
     * and history; a history that accounts for fewer layers than the image has is completed, and PATH is set when
     * the image sets none, as BuildKit does.
     */
    public static ImageState fromBase(ImageConfig base, List<LayerRef> layers) {
        ObjectNode tree = base.tree();
        ObjectNode config = Json.object();
        JsonNode baseConfig = tree.path("config");
        for (String field : CONFIG_FIELDS) {
            JsonNode value = baseConfig.get(field);
            if (value != null && !value.isNull()) {
                config.set(field, value);
            }
        }
        List<History> history = new ArrayList<>(base.history());
        long accounted = history.stream().filter(h -> !h.emptyLayer()).count();
        for (long i = accounted; i < layers.size(); i++) {
            history.add(new History("", "", "", "", false));
        }
        ImageState state = new ImageState(config, readPlatform(tree), tree.path("author").asText(""), layers, history);
        if (!state.env().containsKey("PATH")) {
            state = state.withEnv("PATH", DEFAULT_PATH);
        }
        return state;
    }

    /** The container config, typed. */
    public ContainerConfig view() {
        return ContainerConfig.fromJson(JsonFields.of(config, "image config: config"));
    }

    /** A raw field of the container config (for what {@link ContainerConfig} does not type). */
    public Optional<JsonNode> configField(String name) {
        return Optional.ofNullable(config.get(name)).filter(n -> !n.isNull());
    }

    /** The environment as {@code Env} lists it, in order; the last entry for a name wins. */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode entry : config.path("Env")) {
            String text = entry.asText();
            int eq = text.indexOf('=');
            env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
        }
        return env;
    }

    public Platform platform() {
        return platform;
    }

    public List<LayerRef> layers() {
        return layers;
    }

    public List<History> history() {
        return history;
    }

    /** The chain ID of the layers: what the file system is, however it was made. */
    public Digest chainId() {
        return ChainIds.of(layers.stream().map(LayerRef::diffId).toList());
    }

    /** A copy with {@code change} applied to a copy of the container config. */
    public ImageState withConfig(Consumer<ObjectNode> change) {
        ObjectNode copy = config.deepCopy();
        change.accept(copy);
        return new ImageState(copy, platform, author, layers, history);
    }

    /** {@code Env} with {@code key} set: replaced where it is, else appended (BuildKit's {@code addEnv}). */
    public ImageState withEnv(String key, String value) {
        return withConfig(c -> {
            ArrayNode env = envArray(c);
            for (int i = 0; i < env.size(); i++) {
                String entry = env.get(i).asText();
                int eq = entry.indexOf('=');
                if ((eq < 0 ? entry : entry.substring(0, eq)).equals(key)) {
                    env.set(i, key + "=" + value);
                    return;
                }
            }
            env.add(key + "=" + value);
        });
    }

    /** A string field of the container config ({@code User}, {@code WorkingDir}, {@code StopSignal}). */
    public ImageState withText(String field, String value) {
        return withConfig(c -> c.put(field, value));
    }

    /** A list field of the container config ({@code Cmd}, {@code Shell}…), replaced. */
    public ImageState withList(String field, List<String> values) {
        return withConfig(c -> {
            ArrayNode array = c.putArray(field);
            values.forEach(array::add);
        });
    }

    /** An entry added to a map field of the container config ({@code Labels}). */
    public ImageState withMapEntry(String field, String key, String value) {
        return withConfig(c -> object(c, field).put(key, value));
    }

    /** Keys added to a set field of the container config, as Go writes a set ({@code ExposedPorts}, {@code Volumes}). */
    public ImageState withSetEntries(String field, List<String> keys) {
        return withConfig(c -> keys.forEach(k -> object(c, field).putObject(k)));
    }

    /** Docker's health check: durations in nanoseconds, zero values left out (they mean "the default"). */
    public ImageState withHealthcheck(List<String> test, java.time.Duration interval, java.time.Duration timeout,
            java.time.Duration startPeriod, java.time.Duration startInterval, int retries) {
        return withConfig(c -> {
            ObjectNode node = c.putObject("Healthcheck");
            ArrayNode testNode = node.putArray("Test");
            test.forEach(testNode::add);
            putNanos(node, "Interval", interval);
            putNanos(node, "Timeout", timeout);
            putNanos(node, "StartPeriod", startPeriod);
            putNanos(node, "StartInterval", startInterval);
            if (retries != 0) {
                node.put("Retries", retries);
            }
        });
    }

    public ImageState withAuthor(String value) {
        return new ImageState(config, platform, value, layers, history);
    }

    public ImageState withPlatform(Platform value) {
        return new ImageState(config, value, author, layers, history);
    }

    /** One more history entry for an instruction that changed only the config. */
    public ImageState withHistory(String createdBy, Optional<Instant> created) {
        List<History> more = new ArrayList<>(history);
        more.add(new History(created.map(GoFormat::time).orElse(""), createdBy, "", HISTORY_COMMENT, true));
        return new ImageState(config, platform, author, layers, more);
    }

    /** One more layer, and its history entry. */
    public ImageState withLayer(LayerRef layer, String createdBy, Instant created) {
        List<LayerRef> moreLayers = new ArrayList<>(layers);
        moreLayers.add(layer);
        List<History> more = new ArrayList<>(history);
        more.add(new History(GoFormat.time(created), createdBy, "", HISTORY_COMMENT, false));
        return new ImageState(config, platform, author, moreLayers, more);
    }

    /**
     * The image config, as BuildKit's exporter writes it: top-level fields in sorted order (it writes a map), the
     * container config in Go's field order without empty fields, history entries without a time given the time of
     * the layer before them (or of the first new layer), and {@code created} the last history time (the source date
     * epoch, when given).
     */
    public ImageConfig finish(Optional<Instant> epoch) {
        List<History> timed = HistoryTimes.fill(history);
        ObjectNode out = Json.object();
        out.put("architecture", platform.architecture());
        if (!author.isEmpty()) {
            out.put("author", author);
        }
        out.set("config", orderedConfig());
        Optional<String> created = epoch.map(GoFormat::time).or(() -> timed.stream().map(History::created)
                .filter(c -> !c.isEmpty()).reduce((a, b) -> b));
        created.ifPresent(c -> out.put("created", c));
        ArrayNode historyNode = out.putArray("history");
        timed.forEach(h -> historyNode.add(Json.toTree(h)));
        out.put("os", platform.os());
        if (!platform.osFeatures().isEmpty()) {
            ArrayNode features = out.putArray("os.features");
            platform.osFeatures().forEach(features::add);
        }
        if (!platform.osVersion().isEmpty()) {
            out.put("os.version", platform.osVersion());
        }
        ObjectNode rootfs = out.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        layers.forEach(l -> diffIds.add(l.diffId().toString()));
        if (!platform.variant().isEmpty()) {
            out.put("variant", platform.variant());
        }
        return ImageConfig.parse(Json.write(out), "built image config");
    }

    private ObjectNode orderedConfig() {
        ObjectNode ordered = Json.object();
        for (String field : CONFIG_FIELDS) {
            JsonNode value = config.get(field);
            if (value == null || value.isNull() || value.isContainerNode() && value.isEmpty()
                    || value.isTextual() && value.asText().isEmpty() || value.isBoolean() && !value.asBoolean()) {
                continue; // Go's omitempty
            }
            ordered.set(field, value.isObject() && !field.equals("Healthcheck") ? sorted((ObjectNode) value) : value);
        }
        return ordered;
    }

    /** Go writes a map's keys sorted. */
    private static ObjectNode sorted(ObjectNode map) {
        ObjectNode out = Json.object();
        List<String> keys = new ArrayList<>();
        map.fieldNames().forEachRemaining(keys::add);
        keys.sort(null);
        keys.forEach(k -> out.set(k, map.get(k)));
        return out;
    }

    private static ObjectNode object(ObjectNode config, String field) {
        JsonNode node = config.get(field);
        return node instanceof ObjectNode o ? o : config.putObject(field);
    }

    private static void putNanos(ObjectNode node, String field, java.time.Duration duration) {
        if (!duration.isZero()) {
            node.put(field, duration.toNanos());
        }
    }

    /** The {@code Env} array of a container config, created when missing. */
    private static ArrayNode envArray(ObjectNode config) {
        JsonNode env = config.get("Env");
        return env instanceof ArrayNode array ? array : config.putArray("Env");
    }

    private static Platform readPlatform(ObjectNode tree) {
        List<String> features = new ArrayList<>();
        tree.path("os.features").forEach(f -> features.add(f.asText()));
        return new Platform(tree.path("architecture").asText(""), tree.path("os").asText(""),
                tree.path("os.version").asText(""), features, tree.path("variant").asText(""));
    }
}
