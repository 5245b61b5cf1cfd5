package dev.lamina.dockerfile.instructions;

import dev.lamina.dockerfile.SourceRange;
import dev.lamina.dockerfile.parser.Heredoc;
import dev.lamina.dockerfile.parser.Node;
import dev.lamina.dockerfile.text.GoQuote;
import dev.lamina.dockerfile.text.GoStrings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Gives one raw node its meaning (BuildKit's {@code instructions.ParseInstruction}): argument counts, flags,
 * forms, heredoc sources, in BuildKit's order of checks so that the same error wins. Returns a {@link From} or
 * an {@link Instruction}; errors carry the node's location.
 */
final class NodeParser {
    static final List<String> INSTRUCTIONS = List.of("add", "arg", "cmd", "copy", "entrypoint", "env", "expose",
            "from", "healthcheck", "label", "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume",
            "workdir");
    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
    private static final Pattern ONBUILD_PREFIX = Pattern.compile("^[\\t\\n\\f\\r ]*ONBUILD[\\t\\n\\f\\r ]*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern WINDOWS_PATH = Pattern.compile("\"[a-z]:\\\\.*");
    private static final Duration MINIMUM_INTERVAL = Duration.ofMillis(1);

    /** A rule of the instruction broken; the caller adds the location. */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final Node node;
    private final Source source;
    private final List<String> args;
    private final Flags flags;
    private final Lints lints;

    private NodeParser(String file, Node node, Lints lints) {
        this.node = node;
        this.source = new Source(file, node.keyword(), GoStrings.trimSpace(node.original()),
                new SourceRange(node.startLine(), node.column(), node.endLine(), node.endColumn()));
        this.args = nodeArgs(node);
        this.flags = new Flags(node.flags());
        this.lints = lints;
    }

    /** The From or Instruction of {@code node}. */
    static Object parse(String file, Node node, Lints lints) {
        NodeParser parser = new NodeParser(file, node, lints);
        try {
            return parser.parse();
        } catch (Failure | Flags.Invalid e) {
            throw parser.source.error(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw parser.source.error(e.getMessage());
        }
    }

    /** BuildKit's {@code nodeArgs}: ONBUILD's arguments are the wrapped keyword followed by its arguments. */
    private static List<String> nodeArgs(Node node) {
        List<String> out = new ArrayList<>(node.args());
        node.subCommand().ifPresent(sub -> {
            out.add(sub.keyword());
            out.addAll(nodeArgs(sub));
        });
        return out;
    }

    private Object parse() {
        String keyword = GoStrings.toLower(node.keyword());
        return switch (keyword) {
            case "env" -> new Env(source, keyValues("ENV"));
            case "maintainer" -> maintainer();
            case "label" -> new Label(source, keyValues("LABEL"));
            case "add" -> add();
            case "copy" -> copy();
            case "from" -> from();
            case "onbuild" -> onbuild();
            case "workdir" -> new Workdir(source, exactlyOne("WORKDIR", true));
            case "run" -> run();
            case "cmd" -> {
                flags.parse();
                yield new Cmd(source, command());
            }
            case "healthcheck" -> healthcheck();
            case "entrypoint" -> {
                flags.parse();
                yield new Entrypoint(source, command());
            }
            case "expose" -> expose();
            case "user" -> new User(source, exactlyOne("USER", true));
            case "volume" -> volume();
            case "stopsignal" -> new StopSignal(source, exactlyOne("STOPSIGNAL", false));
            case "arg" -> arg();
            case "shell" -> shell();
            default -> throw new Failure(Suggest.withSuggestion("unknown instruction: " + node.keyword(),
                    node.keyword(), INSTRUCTIONS, false));
        };
    }

    private String exactlyOne(String name, boolean checkFlags) {
        if (args.size() != 1) {
            throw new Failure(name + " requires exactly one argument");
        }
        if (checkFlags) {
            flags.parse();
        }
        return args.get(0);
    }

    private void atLeastOne(String name) {
        if (args.isEmpty()) {
            throw new Failure(name + " requires at least one argument");
        }
    }

    private List<KeyValue> keyValues(String name) {
        flags.parse();
        atLeastOne(name);
        if (args.size() % 3 != 0) {
            throw new Failure("Bad input to " + name + ", too many arguments");
        }
        List<KeyValue> pairs = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 3) {
            if (args.get(i).isEmpty()) {
                throw new Failure(name + " names can not be blank");
            }
            pairs.add(new KeyValue(args.get(i), args.get(i + 1), args.get(i + 2).isEmpty()));
        }
        if (pairs.stream().anyMatch(KeyValue::legacy)) {
            lints.add("LegacyKeyValueFormat", "\"" + node.keyword() + " key=value\" should be used instead of legacy \""
                    + node.keyword() + " key value\" format", source.range());
        }
        return pairs;
    }

    private Maintainer maintainer() {
        String maintainer = exactlyOne("MAINTAINER", true);
        lints.add("MaintainerDeprecated", "Maintainer instruction is deprecated in favor of using label", source.range());
        return new Maintainer(source, maintainer);
    }

    private Add add() {
        if (args.size() < 2) {
            throw noDestination("ADD");
        }
        flags.acceptStrings("exclude").acceptString("chown").acceptString("chmod").acceptBool("link")
                .acceptBool("keep-git-dir").acceptString("checksum").acceptBool("unpack").parse();
        return new Add(source, sources("ADD"), value("chown"), value("chmod"), value("checksum"), flags.isTrue("link"),
                flags.isTrue("keep-git-dir"), flags.strings("exclude"),
                flags.used("unpack") ? Optional.of(flags.isTrue("unpack")) : Optional.empty());
    }

    private Copy copy() {
        if (args.size() < 2) {
            throw noDestination("COPY");
        }
        flags.acceptStrings("exclude").acceptBool("parents").acceptString("chown").acceptString("from")
                .acceptString("chmod").acceptBool("link").parse();
        return new Copy(source, sources("COPY"), value("from"), value("chown"), value("chmod"), flags.isTrue("link"),
                flags.isTrue("parents"), flags.strings("exclude"));
    }

    /** A string flag's value; BuildKit treats an empty value as absent. */
    private Optional<String> value(String name) {
        return flags.string(name).filter(v -> !v.isEmpty());
    }

    private static Failure noDestination(String name) {
        return new Failure(name + " requires at least two arguments, but only one was provided. Destination could not"
                + " be determined");
    }

    /** Splits sources from the destination; a source written as a heredoc opener becomes an inline file. */
    private Sources sources(String name) {
        String destination = args.get(args.size() - 1);
        if (Heredoc.opener(destination).isPresent()) {
            throw new Failure(name + " cannot accept a heredoc as a destination");
        }
        Map<String, Heredoc> bodies = new HashMap<>();
        node.heredocs().forEach(h -> bodies.put(h.name(), h));
        List<String> paths = new ArrayList<>();
        List<InlineFile> inline = new ArrayList<>();
        for (String src : args.subList(0, args.size() - 1)) {
            Optional<Heredoc> opener = Heredoc.opener(src);
            if (opener.isPresent()) {
                Heredoc word = opener.get();
                String body = Optional.ofNullable(bodies.get(word.name())).map(Heredoc::content).orElse("");
                inline.add(new InlineFile(word.name(), body, word.chomp(), word.expand()));
            } else {
                paths.add(src);
            }
        }
        return new Sources(paths, inline, destination);
    }

    private From from() {
        if (args.size() == 3 && !args.get(2).equals(GoStrings.toLower(args.get(2)))) {
            lints.add("StageNameCasing", "Stage name '" + args.get(2) + "' should be lowercase", source.range());
        }
        if (!fromMatchesAsCase()) {
            lints.add("FromAsCasing", "'" + args.get(1) + "' and '" + node.keyword() + "' keywords' casing do not match",
                    source.range());
        }
        Optional<String> stageName = Optional.empty();
        if (args.size() == 3 && GoStrings.equalFold(args.get(1), "as")) {
            String name = GoStrings.toLower(args.get(2));
            if (!STAGE_NAME.matcher(name).matches()) {
                throw new Failure("invalid name for build stage: " + GoQuote.quote(args.get(2))
                        + ", name can't start with a number or contain symbols");
            }
            stageName = Optional.of(name);
        } else if (args.size() != 1) {
            throw new Failure("FROM requires either one or three arguments");
        }
        flags.acceptString("platform").parse();
        return new From(source, args.get(0), stageName, value("platform"));
    }

    private boolean fromMatchesAsCase() {
        if (args.size() < 3) {
            return true;
        }
        String from = node.keyword();
        boolean lower = from.equals(GoStrings.toLower(from));
        boolean upper = from.equals(GoStrings.toUpper(from));
        if (!lower && !upper) {
            return true; // inconsistent casing of FROM itself is another rule's finding
        }
        String as = args.get(1);
        return lower ? as.equals(GoStrings.toLower(as)) : as.equals(GoStrings.toUpper(as));
    }

    private Onbuild onbuild() {
        atLeastOne("ONBUILD");
        flags.parse();
        String trigger = GoStrings.toUpper(GoStrings.trimSpace(args.get(0)));
        if (trigger.equals("ONBUILD")) {
            throw new Failure("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
        }
        if (trigger.equals("MAINTAINER") || trigger.equals("FROM")) {
            throw new Failure(trigger + " isn't allowed as an ONBUILD trigger");
        }
        StringBuilder expression = new StringBuilder(ONBUILD_PREFIX.matcher(node.original()).replaceFirst(""));
        for (Heredoc doc : node.heredocs()) {
            expression.append('\n').append(doc.content()).append(doc.name());
        }
        return new Onbuild(source, trigger, expression.toString());
    }

    private Run run() {
        flags.acceptStrings("mount").acceptString("network").acceptString("security").parse();
        CommandArgs command = command();
        List<MountSpec> mounts = new ArrayList<>();
        for (String mount : flags.strings("mount")) {
            mounts.add(MountSpec.parse(mount));
        }
        String network = flags.string("network").orElse("default");
        if (!List.of("default", "none", "host").contains(network)) {
            throw new Failure("invalid network mode " + GoQuote.quote(network));
        }
        String security = flags.string("security").orElse("sandbox");
        if (!List.of("sandbox", "insecure").contains(security)) {
            throw new Failure("security " + GoQuote.quote(security) + " is not valid");
        }
        return new Run(source, command, mounts, network, security);
    }

    /** RUN, CMD and ENTRYPOINT's command; a shell form is one string, the arguments joined by spaces. */
    private CommandArgs command() {
        List<InlineFile> files = node.heredocs().stream()
                .map(h -> new InlineFile(h.name(), h.content(), h.chomp(), h.expand())).toList();
        return new CommandArgs(jsonOrJoined(), !node.json(), files);
    }

    /** BuildKit's {@code handleJSONArgs}. */
    private List<String> jsonOrJoined() {
        if (args.isEmpty() || node.json()) {
            return args;
        }
        return List.of(String.join(" ", args));
    }

    private Healthcheck healthcheck() {
        atLeastOne("HEALTHCHECK");
        String type = GoStrings.toUpper(args.get(0));
        List<String> rest = args.subList(1, args.size());
        if (type.equals("NONE")) {
            if (!rest.isEmpty()) {
                throw new Failure("HEALTHCHECK NONE takes no arguments");
            }
            return new Healthcheck(source, new HealthcheckConfig(List.of("NONE"), Duration.ZERO, Duration.ZERO,
                    Duration.ZERO, Duration.ZERO, 0));
        }
        flags.acceptString("interval").acceptString("timeout").acceptString("start-period")
                .acceptString("start-interval").acceptString("retries").parse();
        if (!type.equals("CMD")) {
            throw new Failure("Unknown type " + GoQuote.quote(type) + " in HEALTHCHECK (try CMD)");
        }
        List<String> command = rest.isEmpty() || node.json() ? rest : List.of(String.join(" ", rest));
        if (command.isEmpty()) {
            throw new Failure("Missing command after HEALTHCHECK CMD");
        }
        List<String> test = new ArrayList<>();
        test.add(node.json() ? "CMD" : "CMD-SHELL");
        test.addAll(command);
        Duration interval = interval("interval");
        Duration timeout = interval("timeout");
        Duration startPeriod = interval("start-period");
        Duration startInterval = interval("start-interval");
        int retries = 0;
        Optional<String> retriesText = value("retries");
        if (retriesText.isPresent()) {
            retries = GoValues.parseInt32(retriesText.get());
            if (retries < 0) {
                throw new Failure("--retries cannot be negative (" + retries + ")");
            }
        }
        return new Healthcheck(source, new HealthcheckConfig(test, interval, timeout, startPeriod, startInterval,
                retries));
    }

    private Duration interval(String name) {
        Optional<String> text = value(name);
        if (text.isEmpty()) {
            return Duration.ZERO;
        }
        Duration d = GoValues.duration(text.get());
        if (!d.isZero() && d.compareTo(MINIMUM_INTERVAL) < 0) {
            throw new Failure("Interval " + GoQuote.quote(name) + " cannot be less than 1ms");
        }
        return d;
    }

    private Expose expose() {
        atLeastOne("EXPOSE");
        flags.parse();
        List<String> ports = new ArrayList<>(args);
        ports.sort(Comparator.comparing(p -> p.codePoints().toArray(), java.util.Arrays::compare));
        return new Expose(source, ports);
    }

    private Volume volume() {
        atLeastOne("VOLUME");
        flags.parse();
        List<String> paths = new ArrayList<>();
        for (String v : args) {
            String trimmed = GoStrings.trimSpace(v);
            if (trimmed.isEmpty()) {
                throw new Failure("VOLUME specified can not be an empty string");
            }
            paths.add(trimmed);
        }
        return new Volume(source, paths);
    }

    private Arg arg() {
        atLeastOne("ARG");
        List<ArgDefinition> definitions = new ArrayList<>();
        for (String word : args) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                definitions.add(new ArgDefinition(word, Optional.empty()));
                continue;
            }
            if (eq == 0) {
                throw new Failure("ARG names can not be blank");
            }
            definitions.add(new ArgDefinition(word.substring(0, eq), Optional.of(word.substring(eq + 1))));
        }
        return new Arg(source, definitions);
    }

    private Shell shell() {
        flags.parse();
        List<String> shell = jsonOrJoined();
        if (shell.isEmpty()) {
            throw new Failure("SHELL requires at least one argument");
        }
        if (!node.json()) {
            throw new Failure(notJson("SHELL", node.original()));
        }
        return new Shell(source, shell);
    }

    /** BuildKit's {@code errNotJSON}, with its hint for unescaped Windows paths. */
    private static String notJson(String command, String original) {
        String lower = GoStrings.toLower(original).replace(GoStrings.toLower(command) + " ", "");
        String extra = "";
        if (WINDOWS_PATH.matcher(lower).find() && !lower.contains("\\\\") && lower.contains("[")
                && lower.contains("]")) {
            extra = ". It looks like '" + lower + "' includes a file path without an escaped back-slash. JSON requires"
                    + " back-slashes to be escaped such as [\"c:\\\\path\\\\to\\\\file.exe\", \"/parameter\"]";
        }
        return command + " requires the arguments to be in JSON form" + extra;
    }
}
