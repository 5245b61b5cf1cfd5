package dev.lamina.cli;

import dev.lamina.image.io.IoErrors;
import dev.lamina.image.store.Store;
import dev.lamina.image.store.StoreLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The top-level command: global options, subcommands, and the mapping of failures to exit codes. */
@Command(name = "lamina",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "A daemonless container image toolkit: build, convert and inspect images.")
public final class Lamina implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    /**
     * The subcommands, in the order help lists them. Building picocli's model of a command costs reflection, so a run
     * registers only the command it was given (all of them only for help or errors); {@link #command} makes one
     * without loading the others' classes, as a table of constructor references would at start-up.
     */
    private static final List<String> COMMANDS = List.of("build", "images", "tag", "rmi", "prune", "pull", "push",
            "tags", "login", "logout", "save", "load", "copy", "unpack", "inspect", "history", "layers", "diff",
            "efficiency", "run", "dockerfile", "help");

    private static Object command(String name) {
        return switch (name) {
            case "build" -> new BuildCommand();
            case "images" -> new ImagesCommand();
            case "tag" -> new TagCommand();
            case "rmi" -> new RmiCommand();
            case "prune" -> new PruneCommand();
            case "pull" -> new PullCommand();
            case "push" -> new PushCommand();
            case "tags" -> new TagsCommand();
            case "login" -> new LoginCommand();
            case "logout" -> new LogoutCommand();
            case "save" -> new SaveCommand();
            case "load" -> new LoadCommand();
            case "copy" -> new CopyCommand();
            case "unpack" -> new UnpackCommand();
            case "inspect" -> new InspectCommand();
            case "history" -> new HistoryCommand();
            case "layers" -> new LayersCommand();
            case "diff" -> new DiffCommand();
            case "efficiency" -> new EfficiencyCommand();
            case "run" -> new RunCommand();
            case "dockerfile" -> new DockerfileCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    @Option(names = "--root", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "The store (default: $LAMINA_ROOT, else /var/lib/lamina for root, else $XDG_DATA_HOME/lamina"
                    + " or ~/.local/share/lamina).")
    Path root;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces and request logs (secrets redacted).")
    boolean debug;

    private Console console;
    private Store store;
    private Registries registries;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required (see lamina --help)");
    }

    public Console console() {
        return console;
    }

    public boolean debug() {
        return debug;
    }

    /** The store, opened on first use. */
    public Store store() {
        if (store == null) {
            Path chosen = StoreLocation.resolve(Optional.ofNullable(root).map(p -> console.workingDirectory().resolve(p).normalize()), console.env(),
                    isRoot(), console.home());
            store = Store.open(chosen);
        }
        return store;
    }

    /** Registry clients for this run, configured from the environment. */
    Registries registries() {
        if (registries == null) {
            registries = new Registries(console, debug);
        }
        return registries;
    }

    /**
     * Everything besides names that keeps blobs alive in a collection (the build cache registers here), so
     * that {@code prune} and {@code rmi} agree on what is in use.
     */
    public java.util.List<dev.lamina.image.store.GarbageCollector.Roots> gcRoots() {
        return java.util.List.of(new dev.lamina.builder.cache.BuildCache(store()).asRoots(),
                dev.lamina.builder.runstep.RunStorage.sweeper(store(), false));
    }

    /** Runs lamina with {@code args}; returns the exit code. Nothing here calls {@link System#exit}. */
    public static int execute(String[] args, Console console) {
        Lamina lamina = new Lamina();
        lamina.console = console;
        CommandLine cli = new CommandLine(lamina);
        String chosen = commandName(args);
        if (chosen != null && !chosen.equals("help")) {
            cli.addSubcommand(chosen, command(chosen));
        } else if (!List.of(args).equals(List.of("--version")) && !List.of(args).equals(List.of("-V"))) {
            COMMANDS.forEach(name -> cli.addSubcommand(name, command(name)));
        }
        CommandLine run = cli.getSubcommands().get("run");
        if (run != null) {
            run.setStopAtPositional(true); // everything after IMAGE is the command's: run img sh -c 'exit 3'
        }
        cli.setOut(new PrintWriter(console.out(), true));
        cli.setErr(new PrintWriter(console.err(), true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        addHelpOptions(cli);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, lamina, console));
        cli.setParameterExceptionHandler((e, strings) -> {
            console.err().println("lamina: error: " + e.getMessage());
            CommandLine command = e.getCommandLine();
            console.err().println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
            return USAGE;
        });
        int code;
        try {
            code = cli.execute(args);
        } finally {
            if (lamina.registries != null) {
                lamina.registries.close();
            }
        }
        console.out().flush();
        return code;
    }

    /** Every subcommand answers {@code -h/--help}, as docker's and skopeo's do. */
    private static void addHelpOptions(CommandLine command) {
        for (CommandLine sub : command.getSubcommands().values()) {
            boolean hasHelp = sub.getCommandSpec().options().stream().anyMatch(OptionSpec::usageHelp);
            if (!hasHelp && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                sub.getCommandSpec().addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("Show this help.").build());
            }
            addHelpOptions(sub);
        }
    }

    /** The subcommand {@code args} names, skipping global options; null when there is none or it is unknown. */
    private static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--root")) {
                i++;
            } else if (!arg.startsWith("-")) {
                return COMMANDS.contains(arg) ? arg : null;
            } else if (!arg.startsWith("--root=") && !arg.equals("--debug")) {
                return null; // --help, --version or a mistake: let picocli see every command
            }
        }
        return null;
    }

    private static int failure(Exception e, Lamina lamina, Console console) {
        Throwable cause = e;
        while ((cause instanceof UncheckedIOException || cause instanceof java.util.concurrent.CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof UsageException) {
            console.err().println("lamina: error: " + cause.getMessage());
            return USAGE;
        }
        console.err().println("lamina: error: " + describe(cause));
        if (lamina.debug) {
            cause.printStackTrace(console.err());
        }
        return cause instanceof ExitCodeException exit ? exit.code() : FAILED;
    }

    /** One line for a user: our own messages as they are, and the JDK's I/O failures made readable. */
    static String describe(Throwable t) {
        return t instanceof ExitCodeException ? t.getMessage() : IoErrors.describe(t);
    }

    private static boolean isRoot() {
        try {
            Object uid = java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
