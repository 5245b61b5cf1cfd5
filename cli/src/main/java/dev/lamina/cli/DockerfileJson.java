package dev.lamina.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lamina.dockerfile.Dockerfile;
import dev.lamina.dockerfile.SourceRange;
import dev.lamina.dockerfile.Warning;
import dev.lamina.dockerfile.instructions.Add;
import dev.lamina.dockerfile.instructions.Arg;
import dev.lamina.dockerfile.instructions.Cmd;
import dev.lamina.dockerfile.instructions.CommandArgs;
import dev.lamina.dockerfile.instructions.Copy;
import dev.lamina.dockerfile.instructions.Entrypoint;
import dev.lamina.dockerfile.instructions.Env;
import dev.lamina.dockerfile.instructions.Expose;
import dev.lamina.dockerfile.instructions.Healthcheck;
import dev.lamina.dockerfile.instructions.InlineFile;
import dev.lamina.dockerfile.instructions.Instruction;
import dev.lamina.dockerfile.instructions.KeyValue;
import dev.lamina.dockerfile.instructions.Label;
import dev.lamina.dockerfile.instructions.Maintainer;
import dev.lamina.dockerfile.instructions.MountSpec;
import dev.lamina.dockerfile.instructions.Onbuild;
import dev.lamina.dockerfile.instructions.Run;
import dev.lamina.dockerfile.instructions.Shell;
import dev.lamina.dockerfile.instructions.Source;
import dev.lamina.dockerfile.instructions.Sources;
import dev.lamina.dockerfile.instructions.Stage;
import dev.lamina.dockerfile.instructions.StopSignal;
import dev.lamina.dockerfile.instructions.User;
import dev.lamina.dockerfile.instructions.Volume;
import dev.lamina.dockerfile.instructions.Workdir;
import dev.lamina.dockerfile.parser.Directives;
import dev.lamina.image.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code dockerfile parse --format json} document: stable keys, every key always present ({@code null}
 * when a value is absent), values as written in the file (nothing expanded). The shape is documented in the
 * README's Dockerfiles section.
 */
final class DockerfileJson implements Instruction.Visitor<ObjectNode> {
    private final ObjectNode node;

    private DockerfileJson(ObjectNode node) {
        this.node = node;
    }

    static ObjectNode of(Dockerfile dockerfile) {
        ObjectNode root = Json.object();
        root.put("file", dockerfile.file());
        root.put("escape", String.valueOf((char) dockerfile.escape()));
        Directives directives = dockerfile.directives();
        root.put("syntax", directives.syntax().map(Directives.Found::cmdline).orElse(null));
        root.put("check", directives.check().map(Directives.Found::cmdline).orElse(null));
        ArrayNode globals = root.putArray("globalArgs");
        dockerfile.globalArgs().forEach(arg -> globals.add(instruction(arg)));
        ArrayNode stages = root.putArray("stages");
        for (Stage stage : dockerfile.stages()) {
            ObjectNode s = stages.addObject();
            s.put("name", stage.name().orElse(null));
            s.put("base", stage.from().baseName());
            s.put("platform", stage.from().platform().orElse(null));
            source(s, stage.from().source());
            ArrayNode instructions = s.putArray("instructions");
            stage.instructions().forEach(i -> instructions.add(instruction(i)));
        }
        ArrayNode warnings = root.putArray("warnings");
        for (Warning warning : dockerfile.warnings()) {
            ObjectNode w = warnings.addObject();
            w.put("rule", warning.rule());
            w.put("message", warning.message());
            w.put("description", warning.description());
            w.put("url", warning.url());
            w.set("location", location(warning.range()));
        }
        return root;
    }

    private static ObjectNode instruction(Instruction instruction) {
        ObjectNode o = Json.object();
        o.put("instruction", instruction.name());
        source(o, instruction.source());
        o.put("expand", instruction.expandRule().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        return instruction.accept(new DockerfileJson(o));
    }

    private static void source(ObjectNode o, Source source) {
        o.put("keyword", source.keyword());
        o.put("original", source.original());
        o.set("location", location(source.range()));
    }

    private static ObjectNode location(SourceRange range) {
        ObjectNode l = Json.object();
        l.put("startLine", range.startLine());
        l.put("startColumn", range.startColumn());
        l.put("endLine", range.endLine());
        l.put("endColumn", range.endColumn());
        return l;
    }

    private ArrayNode strings(String key, List<String> values) {
        ArrayNode array = node.putArray(key);
        values.forEach(array::add);
        return array;
    }

    private void optional(String key, Optional<String> value) {
        node.put(key, value.orElse(null));
    }

    private void command(CommandArgs command) {
        ObjectNode c = node.putObject("command");
        c.put("form", command.shellForm() ? "shell" : "exec");
        ArrayNode args = c.putArray("args");
        command.args().forEach(args::add);
        inline(c.putArray("heredocs"), command.heredocs());
    }

    private void sources(Sources sources) {
        strings("sources", sources.paths());
        inline(node.putArray("inline"), sources.inline());
        node.put("destination", sources.destination());
    }

    private static void inline(ArrayNode array, List<InlineFile> files) {
        for (InlineFile file : files) {
            ObjectNode f = array.addObject();
            f.put("name", file.name());
            f.put("content", file.content());
            f.put("expand", file.expand());
            f.put("chomp", file.chomp());
        }
    }

    private void pairs(List<KeyValue> pairs) {
        ArrayNode array = node.putArray("pairs");
        for (KeyValue pair : pairs) {
            ObjectNode p = array.addObject();
            p.put("key", pair.key());
            p.put("value", pair.value());
            p.put("legacy", pair.legacy());
        }
    }

    @Override
    public ObjectNode visit(Add add) {
        sources(add.sources());
        optional("chown", add.chown());
        optional("chmod", add.chmod());
        optional("checksum", add.checksum());
        node.put("link", add.link());
        node.put("keepGitDir", add.keepGitDir());
        strings("excludes", add.excludes());
        node.put("unpack", add.unpack().orElse(null));
        return node;
    }

    @Override
    public ObjectNode visit(Arg arg) {
        ArrayNode array = node.putArray("args");
        arg.definitions().forEach(d -> array.addObject().put("name", d.name()).put("default", d.defaultValue().orElse(null)));
        return node;
    }

    @Override
    public ObjectNode visit(Cmd cmd) {
        command(cmd.command());
        return node;
    }

    @Override
    public ObjectNode visit(Copy copy) {
        sources(copy.sources());
        optional("from", copy.from());
        optional("chown", copy.chown());
        optional("chmod", copy.chmod());
        node.put("link", copy.link());
        node.put("parents", copy.parents());
        strings("excludes", copy.excludes());
        return node;
    }

    @Override
    public ObjectNode visit(Entrypoint entrypoint) {
        command(entrypoint.command());
        return node;
    }

    @Override
    public ObjectNode visit(Env env) {
        pairs(env.pairs());
        return node;
    }

    @Override
    public ObjectNode visit(Expose expose) {
        strings("ports", expose.ports());
        return node;
    }

    @Override
    public ObjectNode visit(Healthcheck healthcheck) {
        var config = healthcheck.config();
        strings("test", config.test());
        node.put("intervalNanos", nanos(config.interval()));
        node.put("timeoutNanos", nanos(config.timeout()));
        node.put("startPeriodNanos", nanos(config.startPeriod()));
        node.put("startIntervalNanos", nanos(config.startInterval()));
        node.put("retries", config.retries());
        return node;
    }

    private static long nanos(Duration d) {
        return d.toNanos();
    }

    @Override
    public ObjectNode visit(Label label) {
        pairs(label.pairs());
        return node;
    }

    @Override
    public ObjectNode visit(Maintainer maintainer) {
        node.put("maintainer", maintainer.maintainer());
        return node;
    }

    @Override
    public ObjectNode visit(Onbuild onbuild) {
        node.put("trigger", onbuild.trigger());
        node.put("expression", onbuild.expression());
        return node;
    }

    @Override
    public ObjectNode visit(Run run) {
        command(run.command());
        strings("mounts", run.mountSpecs().stream().map(MountSpec::text).toList());
        node.put("network", run.network());
        node.put("security", run.security());
        return node;
    }

    @Override
    public ObjectNode visit(Shell shell) {
        strings("shell", shell.shell());
        return node;
    }

    @Override
    public ObjectNode visit(StopSignal stopSignal) {
        node.put("signal", stopSignal.signal());
        return node;
    }

    @Override
    public ObjectNode visit(User user) {
        node.put("user", user.user());
        return node;
    }

    @Override
    public ObjectNode visit(Volume volume) {
        strings("paths", volume.paths());
        return node;
    }

    @Override
    public ObjectNode visit(Workdir workdir) {
        node.put("path", workdir.path());
        return node;
    }
}
